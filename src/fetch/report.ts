/**
 * What a fetch tells the person running it: a progress bar in a terminal,
 * one plain line per day otherwise (logs, CI), and the same closing summary.
 */
import cliProgress from 'cli-progress';
import type { DayResult, FetchSummary } from './fetch-days.ts';

export interface Reporter {
  dayDone(result: DayResult): void;
  /** Stops the bar; call before printing anything else. */
  finish(): void;
}

export interface Output {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** True when stderr is a terminal that can redraw a bar. */
  interactive: boolean;
}

export function describeDay(result: DayResult): string {
  if (!result.ok) return `${result.day} failed: ${result.reason}`;
  const { report } = result;
  return `${result.day} ok: ${plural(result.papers, 'paper')} (${report.new} new, ${report.updated} updated, ${report.unchanged} unchanged)`;
}

export function formatSummary(summary: FetchSummary): string {
  const lines = [
    `Days: ${summary.ok} ok, ${summary.failed} failed. ` +
      `Papers: ${summary.new} new, ${summary.updated} updated, ${summary.unchanged} unchanged.`,
  ];
  const failed = summary.days.flatMap((day) => (day.ok ? [] : [`  ${day.day}: ${day.reason}`]));
  if (failed.length > 0) lines.push('Failed days:', ...failed);
  return `${lines.join('\n')}\n`;
}

export function createReporter(totalDays: number, output: Output): Reporter {
  if (!output.interactive) {
    return {
      dayDone(result) {
        for (const warning of result.warnings) output.stderr.write(`warning: ${warning}\n`);
        output.stdout.write(`${describeDay(result)}\n`);
      },
      finish() {},
    };
  }
  const bars = new cliProgress.MultiBar(
    { stream: output.stderr, format: 'fetch [{bar}] {value}/{total} days | {day}', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  const bar = bars.create(totalDays, 0, { day: '' });
  return {
    dayDone(result) {
      // Lines logged through the bar stay above it instead of being overdrawn.
      for (const warning of result.warnings) bars.log(`warning: ${warning}\n`);
      if (!result.ok) bars.log(`${describeDay(result)}\n`);
      bar.increment({ day: result.day });
    },
    finish() {
      // Logged lines wait for the next redraw; draw once more so the last ones are not lost.
      bars.update();
      bars.stop();
    },
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
