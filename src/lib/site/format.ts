/** How dates, names and counts read on the pages. */
// One module per function: the package's index loads all of date-fns, each file resolved against its
// 200 KB package.json: 2 s at every build process's start.
import { format } from 'date-fns/format';
import { parseISO } from 'date-fns/parseISO';

/** Dates recur on thousands of pages (every paper card shows its day) and there are few distinct ones. */
function memoised(render: (day: string) => string): (day: string) => string {
  const cache = new Map<string, string>();
  return (day) => {
    let text = cache.get(day);
    if (text === undefined) cache.set(day, (text = render(day)));
    return text;
  };
}

/** "Friday, 25 October 2024". */
export const longDate = memoised((day) => format(parseISO(day), 'EEEE, d MMMM yyyy'));

/** "25 Oct 2024". */
export const shortDate = memoised((day) => format(parseISO(day), 'd MMM yyyy'));

/** "October 2024" for "2024-10". */
export function monthName(month: string): string {
  return format(parseISO(`${month}-01`), 'MMMM yyyy');
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A short author line: up to three names, else "N authors". */
export function authorLine(authors: string[], authorCount: number, shown = 3): string {
  const total = Math.max(authors.length, authorCount);
  if (authors.length === 0) return total > 0 ? plural(total, 'author') : '';
  if (authors.length <= shown) return authors.join(', ');
  return `${authors.slice(0, shown).join(', ')} and ${total - shown} more`;
}
