/**
 * A clock for the HTTP client whose time moves only when a test moves it: a
 * test checks how long the client waits by the waits it asks for, never by
 * timing them (a loaded machine stretches real waits, and shortens none).
 */
import type { Clock } from '../../src/fetch/http-client.ts';

export interface FakeClock extends Clock {
  /** Every wait the client asked for, in milliseconds, in order. */
  sleeps: number[];
  /** How many waits are not over yet. */
  waiting: () => number;
  /** Moves the time on by `ms`, ending every wait that is then over. */
  advance: (ms: number) => void;
}

export function fakeClock(start = Date.UTC(2024, 9, 25, 12)): FakeClock {
  let now = start;
  const sleeps: number[] = [];
  let timers: { at: number; wake: () => void }[] = [];
  return {
    now: () => now,
    sleeps,
    waiting: () => timers.length,
    sleep(ms) {
      sleeps.push(ms);
      return new Promise<void>((wake) => timers.push({ at: now + ms, wake }));
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((timer) => timer.at <= now);
      timers = timers.filter((timer) => timer.at > now);
      for (const timer of due) timer.wake();
    },
  };
}
