/** The User-Agent every request sends, so a site operator can see who is asking and where to look. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const packageJsonPath = path.resolve(import.meta.dirname, '../../package.json');

interface PackageInfo {
  name: string;
  version: string;
  /** The project's public address, shown to site operators when package.json names one. */
  homepage?: string;
}

export function defaultUserAgent(): string {
  const { name, version, homepage } = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as PackageInfo;
  return `${name}/${version} (${homepage ? `+${homepage}` : 'static daily papers archive'})`;
}
