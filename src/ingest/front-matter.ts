/**
 * Reading and writing Markdown files with YAML front matter. Read as the site
 * reads a paper (gray-matter's js-yaml on its core schema, see
 * src/lib/site/papers-source.ts), so the ingest and the site agree on every
 * value. Written as the `yaml` library writes YAML 1.1 (simple-yaml.ts writes
 * the usual shapes faster), so that strings a reader might turn into dates,
 * numbers or booleans (`2024-10-25`, `2410.17243`, `yes`) come out quoted. An existing file is updated by editing its YAML's syntax
 * tree: only the keys the ingest owns are rewritten; every other line keeps its
 * exact text.
 */
import { isDeepStrictEqual } from 'node:util';
import matter from 'gray-matter';
import jsYaml from 'js-yaml';
import YAML from 'yaml';
import type { CST } from 'yaml';
import { YAML_WRITE_OPTIONS, stringifySimpleYaml } from './simple-yaml.ts';

export interface MarkdownFile {
  data: Record<string, unknown>;
  /** Everything after the closing `---` line, byte for byte. */
  body: string;
}

interface FrontMatterParts {
  /** A BOM if any, the opening `---` and its line end. */
  open: string;
  /** The YAML, every line with its line end. */
  yaml: string;
  /** The closing `---` line. */
  close: string;
  body: string;
  /** The opening line's end: what lines the ingest adds end with. */
  eol: '\n' | '\r\n';
}

const FRONT_MATTER = /^(\uFEFF?---(\r?\n))((?:[^\n]*\n)*?)(---(?:\r?\n|$))/;

/**
 * The parts of a file whose front matter sits between two exact `---` lines (LF or CRLF), split
 * where gray-matter splits it; undefined for anything else (no front matter, a closing line with
 * more on it), which is left to gray-matter.
 */
function splitFrontMatter(text: string): FrontMatterParts | undefined {
  // Every file the ingest writes: found without the regular expression (the site reads 50,000 of them).
  if (text.startsWith('---\n')) {
    const close = text.indexOf('\n---', 3);
    const after = close === -1 ? undefined : text[close + 4];
    if (close !== -1 && (after === '\n' || after === undefined)) {
      const end = after === undefined ? close + 4 : close + 5;
      return { open: '---\n', yaml: text.slice(4, close + 1), close: text.slice(close + 1, end), body: text.slice(end), eol: '\n' };
    }
  }
  const match = FRONT_MATTER.exec(text);
  if (!match) return undefined;
  const [whole, open = '', eol, yaml = '', close = ''] = match;
  // gray-matter closes at the first line starting with `---`: a `---x` line before ours is its end, not ours.
  if (/^---/m.test(yaml)) return undefined;
  return { open, yaml, close, body: text.slice(whole.length), eol: eol === '\r\n' ? '\r\n' : '\n' };
}

/**
 * The YAML as a mapping (empty YAML: no keys); throws, naming the line, when it is not valid YAML or no
 * mapping. `firstLine` is the file's line the YAML starts on, so the line named is the file's.
 */
function parseMapping(yaml: string, firstLine = 1): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = jsYaml.load(yaml, { schema: jsYaml.CORE_SCHEMA }) ?? {};
  } catch (error) {
    if (!(error instanceof jsYaml.YAMLException)) throw error;
    throw new Error(`the front matter is not valid YAML: line ${error.mark.line + firstLine}: ${error.reason}`, { cause: error });
  }
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the front matter is not a YAML mapping');
  return parsed as Record<string, unknown>;
}

/** Parse a Markdown file; throws, naming the line, when the front matter is not a valid YAML mapping. */
export function readMarkdown(text: string): MarkdownFile {
  const parts = splitFrontMatter(text);
  if (parts) return { data: parseMapping(parts.yaml, 2), body: parts.body };
  // gray-matter hands over the YAML from the end of the opening `---` line: its lines are the file's.
  const parsed = matter(text, { engines: { yaml: (source: string) => parseMapping(source) } });
  return { data: parsed.data, body: parsed.content };
}

const withoutUndefined = (data: Record<string, unknown>) => Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined));

function stringify(data: Record<string, unknown>): string {
  return stringifySimpleYaml(data) ?? YAML.stringify(withoutUndefined(data), YAML_WRITE_OPTIONS);
}

/** A Markdown file with the given front matter (keys in insertion order, undefined values left out) and body. */
export function writeMarkdown(data: Record<string, unknown>, body: string): string {
  return `---\n${stringify(data)}---\n${body}`;
}

/** The line end a file's front matter uses: the body the ingest writes into it uses the same. */
export function lineEnding(text: string): '\n' | '\r\n' {
  return splitFrontMatter(text)?.eol ?? '\n';
}

/** One `key: value` entry as a syntax-tree item of a top-level block mapping. */
function itemFor(key: string, value: unknown, eol: string): CST.BlockMap['items'][number] | undefined {
  const text = stringify({ [key]: value });
  const [document] = new YAML.Parser().parse(eol === '\n' ? text : text.replaceAll('\n', eol));
  if (document?.type !== 'document' || document.value?.type !== 'block-map') return undefined;
  return document.value.items[0];
}

function keyOf(item: CST.BlockMap['items'][number]): string | undefined {
  return item.key && YAML.CST.isScalar(item.key) ? YAML.CST.resolveAsScalar(item.key)?.value : undefined;
}

/**
 * The YAML with each key of `owned` set to its value (undefined: removed), in place when the key is
 * there, else after the nearest key before it in `owned`'s order; undefined when the YAML is not one
 * top-level block mapping the edit can be trusted on.
 */
function editYaml(yaml: string, owned: Record<string, unknown>, changed: string[], eol: string): string | undefined {
  const tokens = [...new YAML.Parser().parse(yaml)];
  const documents = tokens.filter((token) => token.type === 'document');
  const map = documents[0]?.value;
  if (documents.length !== 1 || map?.type !== 'block-map' || map.indent !== 0) return undefined;
  const order = Object.keys(owned);
  for (const key of changed) {
    const index = map.items.findIndex((item) => keyOf(item) === key);
    const value = owned[key];
    if (value === undefined) {
      const [removed] = map.items.splice(index, 1);
      // Comments above the removed key stay, above the key that follows it.
      if (removed?.start.length && map.items[index]) map.items[index].start.unshift(...removed.start);
      continue;
    }
    const item = itemFor(key, value, eol);
    if (!item) return undefined;
    if (index !== -1) {
      map.items[index] = { ...item, start: map.items[index]?.start ?? [] };
      continue;
    }
    const before = order.slice(0, order.indexOf(key)).reverse();
    const after = order.slice(order.indexOf(key) + 1);
    const previous = before.map((name) => map.items.findIndex((entry) => keyOf(entry) === name)).find((found) => found !== -1);
    const next = after.map((name) => map.items.findIndex((entry) => keyOf(entry) === name)).find((found) => found !== -1);
    map.items.splice(previous !== undefined ? previous + 1 : (next ?? map.items.length), 0, item);
  }
  return tokens.map((token) => YAML.CST.stringify(token)).join('');
}

/**
 * An existing file with the keys of `owned` set (in `owned`'s order for keys it adds; undefined
 * removes a key) and `body` after the front matter. Every other key, comment and line keeps its exact
 * text and place; when nothing changes the text comes back as it was. `data` is what `readMarkdown`
 * read from `text`. A file whose front matter cannot be edited safely is written anew.
 */
export function updateMarkdown(text: string, data: Record<string, unknown>, owned: Record<string, unknown>, body: string): string {
  const changed = Object.keys(owned).filter((key) => !isDeepStrictEqual(data[key], owned[key]));
  const parts = splitFrontMatter(text);
  if (parts && changed.length === 0) return parts.body === body ? text : `${parts.open}${parts.yaml}${parts.close}${body}`;
  const yaml = parts && editYaml(parts.yaml, owned, changed, parts.eol);
  if (parts && yaml !== undefined) {
    // Written only when it reads back as intended: the owned keys as set, every other key as it was.
    const expected = withoutUndefined({ ...data, ...owned });
    let readBack: unknown;
    try {
      readBack = parseMapping(yaml);
    } catch {
      readBack = undefined;
    }
    if (isDeepStrictEqual(readBack, expected)) return `${parts.open}${yaml}${parts.close}${body}`;
  }
  const rest = Object.fromEntries(Object.entries(data).filter(([key]) => !(key in owned)));
  return writeMarkdown({ ...owned, ...rest }, body);
}
