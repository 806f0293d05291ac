/** Month grids for the calendar pages; weeks start on Monday. */

export interface CalendarCell {
  /** YYYY-MM-DD, absent for padding before the 1st and after the last day. */
  date?: string;
  day?: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Weeks of the month "YYYY-MM", each seven cells long. */
export function monthGrid(month: string): CalendarCell[][] {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const firstWeekday = (new Date(Date.UTC(year, monthNumber - 1, 1)).getUTCDay() + 6) % 7;
  const cells: CalendarCell[] = Array.from({ length: firstWeekday }, () => ({}));
  for (let day = 1; day <= daysInMonth(year, monthNumber); day += 1) {
    cells.push({ date: `${month}-${String(day).padStart(2, '0')}`, day });
  }
  while (cells.length % 7 !== 0) cells.push({});
  const weeks: CalendarCell[][] = [];
  for (let index = 0; index < cells.length; index += 7) weeks.push(cells.slice(index, index + 7));
  return weeks;
}

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
