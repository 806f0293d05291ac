/**
 * C0 control characters (U+0000-U+001F but tab, line feed and carriage return) have no place in a listing's text: XML
 * 1.0 forbids them, so one in a title makes every feed that carries it unreadable, and a page shows them as nothing
 * or as a box. The ingest removes them from what it writes; the site removes them from what is already on disk.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

/** `text` without its C0 control characters, and how many there were. */
export function stripControls(text: string): { text: string; removed: number } {
  let removed = 0;
  const stripped = text.replace(CONTROL, () => {
    removed += 1;
    return '';
  });
  return { text: stripped, removed };
}

/** `value` with every string in it (object values and array items, at any depth) stripped; counts into `removed`. */
export function stripControlsDeep<T>(value: T, count: { removed: number }): T {
  if (typeof value === 'string') {
    const { text, removed } = stripControls(value);
    count.removed += removed;
    return text as T;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => stripControlsDeep(item, count)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stripControlsDeep(item, count)])) as T;
  }
  return value;
}

/** The build's warning for a file whose text lost `removed` control characters. */
export function controlsWarning(file: string, removed: number): string {
  return `${file}: ${removed} control character(s) removed (they cannot appear in a feed or a page)`;
}
