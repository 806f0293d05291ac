/**
 * `node scripts/bench/summarize-profile.ts FILE.cpuprofile [--top N]`
 * Summarises a V8 CPU profile (from `node --cpu-prof`, e.g. `npm run bench --
 * --cpu-prof DIR`): self time grouped by package or built chunk, then the top
 * functions by self time and by inclusive time (time with everything they
 * call), which is what tells whether rendering, content loading, topic
 * matching or related papers dominate.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      children: z.array(z.number()).optional(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

type CallFrame = z.infer<typeof profileSchema>['nodes'][number]['callFrame'];

/**
 * `node_modules/astro/dist/x.js` → `astro`; a page chunk of the build (the project's
 * src/ is bundled into them) → `chunk load` without its hash; `/src/x.ts` → `src/x.ts`.
 */
export function groupOf(url: string): string {
  const chunk = /\/\.prerender\/(?:.*\/)?([^/]+?)(?:_[\w-]{8})?\.mjs$/.exec(url);
  if (chunk) return `chunk ${chunk[1]}`;
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const [scopeOrName, name] = url.slice(modules + 'node_modules/'.length).split('/');
    return scopeOrName?.startsWith('@') ? `${scopeOrName}/${name}` : (scopeOrName ?? url);
  }
  const src = url.indexOf('/src/');
  if (src !== -1) return url.slice(src + 1);
  if (url.startsWith('node:')) return 'node internals';
  return url ? url.replace(/^file:\/\/.*\//, '') : '(native, GC or idle)';
}

const frameName = (frame: CallFrame) => `${frame.functionName || '(anonymous)'} ${groupOf(frame.url)}:${frame.lineNumber + 1}`;

const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);

export function summarize(profile: z.infer<typeof profileSchema>) {
  const frames = new Map<number, CallFrame>(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const selfByNode = new Map<number, number>();
  let totalMs = 0;
  profile.samples.forEach((nodeId, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    selfByNode.set(nodeId, (selfByNode.get(nodeId) ?? 0) + ms);
  });
  const bySelf = new Map<string, number>();
  const byInclusive = new Map<string, number>();
  const byGroup = new Map<string, number>();
  for (const [nodeId, ms] of selfByNode) {
    const frame = frames.get(nodeId);
    if (!frame) continue;
    add(bySelf, frameName(frame), ms);
    add(byGroup, groupOf(frame.url), ms);
    // A recursive function counts once per stack, so inclusive time never exceeds the total.
    const onStack = new Set<string>();
    for (let id: number | undefined = nodeId; id !== undefined; id = parents.get(id)) {
      const name = frameName(frames.get(id)!);
      if (onStack.has(name)) continue;
      onStack.add(name);
      add(byInclusive, name, ms);
    }
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return { totalMs, selfTime: sorted(bySelf), inclusiveTime: sorted(byInclusive), groups: sorted(byGroup) };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
  const file = positionals[0];
  if (!file) throw new Error('usage: node scripts/bench/summarize-profile.ts FILE.cpuprofile [--top N]');
  const parsed = profileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: not a V8 CPU profile: ${z.prettifyError(parsed.error)}`);
  const { totalMs, selfTime, inclusiveTime, groups } = summarize(parsed.data);
  const top = Number(values.top);
  const row = ([name, ms]: [string, number]) => `${(ms / 1000).toFixed(2).padStart(8)} s ${((ms / totalMs) * 100).toFixed(1).padStart(5)} %  ${name}`;
  console.log(`${file}: ${(totalMs / 1000).toFixed(1)} s sampled\n\nself time by package or folder:`);
  for (const entry of groups.slice(0, top)) console.log(row(entry));
  console.log('\nself time by function:');
  for (const entry of selfTime.slice(0, top)) console.log(row(entry));
  console.log('\ninclusive time by function:');
  for (const entry of inclusiveTime.slice(0, top)) console.log(row(entry));
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
