/**
 * Fast YAML for the front matter the ingest writes almost always: a mapping of
 * plain keys to strings, safe integers, lists of strings and small mappings of
 * strings. The writer gives exactly the bytes of `YAML.stringify(data,
 * { version: '1.1', lineWidth: 0 })` and the reader exactly the value of
 * `YAML.parse(text, { version: '1.1' })` (the tests compare them on hostile
 * strings and edited files), in a fraction of the time. Both decline (return
 * undefined) anything else, so the caller falls back to the `yaml` library for
 * the rare file a person extended with other shapes.
 */
import YAML from 'yaml';

/**
 * The scalar tags of YAML 1.1 as the `yaml` library knows them (null, bool, int,
 * float, timestamp), in one regular expression: a string looking like one of
 * these must be quoted. Each test is anchored, so their union is exact.
 */
const LOOKS_LIKE_ANOTHER_TYPE = new RegExp(
  new YAML.Document(null, { version: '1.1' }).schema.tags
    .flatMap((tag) => (tag.default === true && tag.tag !== 'tag:yaml.org,2002:str' && tag.test ? [`(?:${tag.test.source})`] : []))
    .join('|'),
);

/** What a plain scalar may not look like (the `yaml` library's own rule for plain strings). */
const NEEDS_QUOTES = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;

/**
 * Strings this writer leaves to the library: line breaks (block scalars),
 * control characters and lone surrogates (escapes), document markers, and the
 * merge key `<<`.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const UNSUPPORTED_STRING = /[\n\r\x00-\x08\x0b-\x1f\x7f-\x9f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|^(?:---|\.\.\.|<<$)/;

const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** One string as a YAML 1.1 scalar, or undefined when it needs the library. */
function scalar(value: string): string | undefined {
  if (UNSUPPORTED_STRING.test(value)) return undefined;
  if (!NEEDS_QUOTES.test(value) && !LOOKS_LIKE_ANOTHER_TYPE.test(value)) return value;
  // Without line breaks or control characters, YAML's double-quoted style is JSON's.
  return value.includes('"') && !value.includes("'") ? `'${value}'` : JSON.stringify(value);
}

function key(name: string): string | undefined {
  return KEY.test(name) && scalar(name) === name ? name : undefined;
}

/** `value` written after `name:` at the given indent, or undefined when it needs the library. */
function entry(name: string, value: unknown, indent: string): string | undefined {
  const written = key(name);
  if (written === undefined) return undefined;
  if (typeof value === 'string') {
    const text = scalar(value);
    return text === undefined ? undefined : `${indent}${written}: ${text}\n`;
  }
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && !Object.is(value, -0) ? `${indent}${written}: ${value}\n` : undefined;
  }
  if (indent !== '' || typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${written}: []\n`;
    let lines = `${written}:\n`;
    for (const element of value) {
      const text = typeof element === 'string' ? scalar(element) : undefined;
      if (text === undefined) return undefined;
      lines += `  - ${text}\n`;
    }
    return lines;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  const pairs = Object.entries(value);
  if (pairs.length === 0) return undefined;
  let lines = `${written}:\n`;
  for (const [innerName, innerValue] of pairs) {
    if (typeof innerValue !== 'string') return undefined;
    const line = entry(innerName, innerValue, '  ');
    if (line === undefined) return undefined;
    lines += line;
  }
  return lines;
}

/** The YAML for a flat-enough mapping, or undefined when some value needs the full library. */
export function stringifySimpleYaml(data: Record<string, unknown>): string | undefined {
  let text = '';
  for (const [name, value] of Object.entries(data)) {
    if (value === undefined) continue;
    const line = entry(name, value, '');
    if (line === undefined) return undefined;
    text += line;
  }
  return text === '' ? undefined : text;
}

/** A plain scalar the reader may take as a string: no indicator, comment, trailing space or look-alike of another type. */
function plainValue(text: string): string | number | undefined {
  if (text === '' || NEEDS_QUOTES.test(text) || text.startsWith('<<')) return undefined;
  if (!LOOKS_LIKE_ANOTHER_TYPE.test(text)) return text;
  // The only other type this writer emits: a decimal integer (a leading 0 would be octal in YAML 1.1).
  return /^(?:0|[1-9][0-9]*)$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
}

/** Escapes the writer can produce inside double quotes; any other needs the library. */
const DOUBLE_QUOTED = /^"(?:[^"\\\t]|\\["\\t])*"$/;
const SINGLE_QUOTED = /^'(?:[^']|'')*'$/;

function readScalar(text: string): string | number | undefined {
  if (text.startsWith('"')) return DOUBLE_QUOTED.test(text) ? (JSON.parse(text) as string) : undefined;
  if (text.startsWith("'")) return SINGLE_QUOTED.test(text) ? text.slice(1, -1).replaceAll("''", "'") : undefined;
  return plainValue(text);
}

/** `name: value` split at the first `: `, when `name` is a key this writer would write as it is. */
function splitPair(line: string): [name: string, rest: string] | undefined {
  const colon = line.indexOf(':');
  if (colon <= 0) return undefined;
  const name = line.slice(0, colon);
  if (name === '__proto__' || key(name) !== name) return undefined;
  const rest = line.slice(colon + 1);
  if (rest === '') return [name, ''];
  return rest.startsWith(' ') && rest[1] !== ' ' ? [name, rest.slice(1)] : undefined;
}

/** Line breaks YAML 1.1 knows besides `\n`, BOMs and control characters other than tab: left to the library. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const UNUSUAL_SOURCE = /[\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Reads back what `stringifySimpleYaml` writes (also after a person's small
 * edits in the same shapes) with the result `YAML.parse(text, { version: '1.1' })`
 * would give; undefined for anything else (comments, other indents, flow
 * collections, multi-line scalars, duplicate keys), so the caller falls back to
 * the library and its error messages.
 */
export function parseSimpleYaml(source: string): Record<string, unknown> | undefined {
  if (UNUSUAL_SOURCE.test(source)) return undefined;
  const lines = source.split('\n');
  let start = 0;
  while (lines[start] === '') start += 1;
  let end = lines.length;
  while (end > start && lines[end - 1] === '') end -= 1;
  if (start === end) return undefined;
  const data: Record<string, unknown> = {};
  for (let index = start; index < end; ) {
    const pair = splitPair(lines[index]!);
    if (!pair || Object.hasOwn(data, pair[0])) return undefined;
    const [name, rest] = pair;
    index += 1;
    if (rest === '[]') {
      data[name] = [];
      continue;
    }
    if (rest !== '') {
      const value = readScalar(rest);
      if (value === undefined) return undefined;
      data[name] = value;
      continue;
    }
    const block: string[] = [];
    while (index < end && lines[index]!.startsWith('  ')) block.push(lines[(index += 1) - 1]!.slice(2));
    const value = block[0]?.startsWith('- ') ? readList(block) : readMapping(block);
    if (value === undefined) return undefined;
    data[name] = value;
  }
  return data;
}

function readList(lines: string[]): unknown[] | undefined {
  const list: unknown[] = [];
  for (const line of lines) {
    if (!line.startsWith('- ')) return undefined;
    const value = readScalar(line.slice(2));
    if (typeof value !== 'string') return undefined;
    list.push(value);
  }
  return list;
}

function readMapping(lines: string[]): Record<string, string> | undefined {
  if (lines.length === 0) return undefined;
  const mapping: Record<string, string> = {};
  for (const line of lines) {
    const pair = splitPair(line);
    if (!pair || Object.hasOwn(mapping, pair[0])) return undefined;
    const value = readScalar(pair[1]);
    if (typeof value !== 'string') return undefined;
    mapping[pair[0]] = value;
  }
  return mapping;
}
