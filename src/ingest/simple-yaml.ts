/**
 * A fast YAML writer for the front matter the ingest writes almost always: a mapping of plain keys to strings,
 * safe integers, lists of strings and small mappings of strings. It gives exactly the bytes of
 * `YAML.stringify(data, YAML_WRITE_OPTIONS)` (the tests compare them on hostile strings and on the bundled
 * archive) and declines (returns undefined) anything else, which the caller leaves to the library. It exists for
 * speed alone: the library's writer costs about 100 µs a paper, a third of an ingest's CPU time, where this costs
 * a few. Reading needs no such thing: js-yaml is as fast.
 */
import YAML from 'yaml';
import type { DocumentOptions, ScalarTag, SchemaOptions, ToStringOptions } from 'yaml';

/**
 * The one number js-yaml's core schema (the reader) knows that YAML 1.1 does not: an octal like `0o17`. A tag
 * of the writer's schema only so that such a string is quoted; nothing is ever read with it.
 */
const coreOctal: ScalarTag = { tag: 'tag:yaml.org,2002:int', default: true, test: /^[-+]?0o[0-7]+$/, resolve: (text) => text };

/**
 * YAML 1.1, so that strings any YAML reader would turn into dates, numbers or booleans come out quoted;
 * lineWidth 0: never fold long titles or abstracts across lines, so diffs stay readable.
 */
export const YAML_WRITE_OPTIONS: DocumentOptions & SchemaOptions & ToStringOptions = { version: '1.1', lineWidth: 0, customTags: [coreOctal] };

/**
 * The scalar tags of the writer's schema (YAML 1.1's null, bool, int, float and timestamp as the `yaml` library
 * knows them, and the core octal), in one regular expression: a string looking like one of these must be
 * quoted. Each test is anchored, so their union is exact.
 */
const LOOKS_LIKE_ANOTHER_TYPE = new RegExp(
  new YAML.Document(null, YAML_WRITE_OPTIONS).schema.tags
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
