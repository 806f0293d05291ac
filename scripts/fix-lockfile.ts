/**
 * Restores package-lock.json entries for platform-specific optional dependencies
 * (macOS, Windows, ARM builds of Astro's compiler and Pagefind) when the registry
 * that ran `npm install` did not serve them: npm then leaves them out of the lock,
 * and `npm ci` refuses the lock as out of sync on every machine. The entries carry
 * `os`/`cpu`/`libc`, so npm skips them where they do not apply.
 *
 * Usage: node scripts/fix-lockfile.ts [package-lock.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface LockEntry {
  version?: string;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
}

/** Platform constraints read off a package name such as `@pagefind/darwin-arm64` or `…-linux-x64-musl`. */
export function platformOf(name: string): Pick<LockEntry, 'os' | 'cpu' | 'libc'> {
  const tail = name.split('/').pop() ?? name;
  const os = ['darwin', 'linux', 'win32', 'windows', 'android', 'freebsd'].find((candidate) => tail.includes(candidate));
  const cpu = ['arm64', 'x64', 'wasm32', 'ia32', 'arm'].find((candidate) => tail.includes(candidate));
  const libc = tail.includes('musl') ? 'musl' : tail.includes('gnu') ? 'glibc' : undefined;
  return {
    ...(os && cpu !== 'wasm32' ? { os: [os === 'windows' ? 'win32' : os] } : {}),
    ...(cpu ? { cpu: [cpu] } : {}),
    ...(libc ? { libc: [libc] } : {}),
  };
}

/** Optional dependencies that have no entry in the lock, as `[lock key, entry]`. */
export function missingOptionalEntries(packages: Record<string, LockEntry>): Array<[string, LockEntry]> {
  const missing = new Map<string, LockEntry>();
  for (const [where, meta] of Object.entries(packages)) {
    for (const [dependency, version] of Object.entries(meta.optionalDependencies ?? {})) {
      const hoisted = `node_modules/${dependency}`;
      const nested = `${where ? `${where}/` : ''}node_modules/${dependency}`;
      if (packages[hoisted] || packages[nested] || missing.has(hoisted)) continue;
      missing.set(hoisted, { version, optional: true, ...platformOf(dependency) });
    }
  }
  return [...missing];
}

if (import.meta.main) {
  const file = process.argv[2] ?? 'package-lock.json';
  const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, LockEntry> };
  const missing = missingOptionalEntries(lock.packages);
  const entries = [...Object.entries(lock.packages), ...missing].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  lock.packages = Object.fromEntries(entries);
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(missing.length ? `added ${missing.length} entries: ${missing.map(([key]) => key).join(', ')}` : 'the lock is complete');
}
