/** How dates, names and counts read on the pages. */
import { format, parseISO } from 'date-fns';

/** "Friday, 25 October 2024". */
export function longDate(day: string): string {
  return format(parseISO(day), 'EEEE, d MMMM yyyy');
}

/** "25 Oct 2024". */
export function shortDate(day: string): string {
  return format(parseISO(day), 'd MMM yyyy');
}

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
