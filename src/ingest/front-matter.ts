/**
 * Reading and writing Markdown files with YAML front matter. Written as YAML 1.1
 * so that strings a YAML 1.1 reader (Astro's js-yaml) would turn into dates,
 * numbers or booleans (`2024-10-25`, `2410.17243`, `yes`) come out quoted.
 */
import matter from 'gray-matter';
import YAML from 'yaml';
import { parseSimpleYaml, stringifySimpleYaml } from './simple-yaml.ts';

const YAML_OPTIONS = { version: '1.1' } as const;
/** lineWidth 0: never fold long titles or abstracts across lines, so diffs stay readable. */
export const YAML_WRITE_OPTIONS = { ...YAML_OPTIONS, lineWidth: 0 } as const;

export interface MarkdownFile {
  data: Record<string, unknown>;
  /** Everything after the closing `---` line, byte for byte. */
  body: string;
}

/**
 * The front matter and body of the files this ingest writes (`---` line, YAML,
 * `---` line, body), split exactly where gray-matter would split them; undefined
 * for anything else (a BOM, CRLF, a closing line with more on it), which gray-matter handles.
 */
function splitWrittenFile(text: string): { matter: string; body: string } | undefined {
  if (!text.startsWith('---\n')) return undefined;
  const close = text.indexOf('\n---', 3);
  if (close === -1 || text[close + 4] !== '\n') return undefined;
  return { matter: text.slice(3, close), body: text.slice(close + 5) };
}

/** Parse a Markdown file; throws (with the YAML error) when the front matter is not valid YAML. */
export function readMarkdown(text: string): MarkdownFile {
  // Most files are exactly what the ingest wrote: read those without the general parsers.
  const written = splitWrittenFile(text);
  const data = written && parseSimpleYaml(written.matter);
  if (written && data) return { data, body: written.body };
  const parsed = matter(text, { engines: { yaml: (source: string) => YAML.parse(source, YAML_OPTIONS) as object } });
  const parsedData: unknown = parsed.data;
  if (parsedData === null || typeof parsedData !== 'object' || Array.isArray(parsedData)) throw new Error('the front matter is not a YAML mapping');
  return { data: parsedData as Record<string, unknown>, body: parsed.content };
}

/** A Markdown file with the given front matter (keys in insertion order) and body. */
export function writeMarkdown(data: Record<string, unknown>, body: string): string {
  const yaml = stringifySimpleYaml(data) ?? YAML.stringify(data, YAML_WRITE_OPTIONS);
  return `---\n${yaml}---\n${body}`;
}
