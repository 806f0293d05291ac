/**
 * Reading and writing Markdown files with YAML front matter. Written as YAML 1.1
 * so that strings a YAML 1.1 reader (Astro's js-yaml) would turn into dates,
 * numbers or booleans (`2024-10-25`, `2410.17243`, `yes`) come out quoted.
 */
import matter from 'gray-matter';
import YAML from 'yaml';

const YAML_OPTIONS = { version: '1.1' } as const;

export interface MarkdownFile {
  data: Record<string, unknown>;
  /** Everything after the closing `---` line, byte for byte. */
  body: string;
}

/** Parse a Markdown file; throws (with the YAML error) when the front matter is not valid YAML. */
export function readMarkdown(text: string): MarkdownFile {
  const parsed = matter(text, { engines: { yaml: (source: string) => YAML.parse(source, YAML_OPTIONS) as object } });
  const data: unknown = parsed.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error('the front matter is not a YAML mapping');
  return { data: data as Record<string, unknown>, body: parsed.content };
}

/** A Markdown file with the given front matter (keys in insertion order) and body. */
export function writeMarkdown(data: Record<string, unknown>, body: string): string {
  // lineWidth 0: never fold long titles or abstracts across lines, so diffs stay readable.
  return `---\n${YAML.stringify(data, { ...YAML_OPTIONS, lineWidth: 0 })}---\n${body}`;
}
