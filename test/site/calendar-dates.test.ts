/** Every date of the content format must be a day of the calendar, refused with the field named where it is read. */
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { daySchema, digestSchema, paperSchema } from '../../src/lib/schema.ts';

const problem = (result: { success: boolean; error?: z.ZodError }) => (result.error ? z.prettifyError(result.error) : '');

describe('dates in the content', () => {
  test.each(['2026-02-30', '2026-13-45', '2023-02-29', '2024-1-5', '2024-10-25T00:00:00Z'])('%s is refused in every date field', (date) => {
    const fields = [
      paperSchema.safeParse({ id: 'x', title: 'X', date }),
      paperSchema.safeParse({ id: 'x', title: 'X', published: date }),
      daySchema.safeParse({ date }),
      digestSchema.safeParse({ title: 'X', date, authors: ['A'], summary: 'S' }),
    ];
    for (const result of fields) {
      expect(result.success).toBe(false);
      expect(problem(result)).toMatch(new RegExp(`expected a day of the calendar as YYYY-MM-DD, got "${date}"[\\s\\S]*at (date|published)`));
    }
  });

  test('a leap day, and a date YAML read as a Date, are days', () => {
    expect(daySchema.parse({ date: '2024-02-29' }).date).toBe('2024-02-29');
    expect(daySchema.parse({ date: new Date('2024-10-25T00:00:00Z') }).date).toBe('2024-10-25');
  });
});
