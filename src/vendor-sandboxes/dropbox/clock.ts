import { type Clock, systemClock } from "../../shared/clock.ts";

/**
 * The sandbox's own clock: a base clock (the system's, or the BSS's manual clock when started
 * in-process) plus an offset the control route moves forward. Being an offset, it can be
 * advanced whatever the base is, and the vendor still moves on when the base moves.
 */
export interface SandboxClock {
  now(): Date;
  advance(by: { days?: number; hours?: number; minutes?: number; seconds?: number }): Date;
  reset(): void;
  readonly offsetMs: number;
}

export function sandboxClock(base: Clock = systemClock()): SandboxClock {
  let offsetMs = 0;
  return {
    now: () => new Date(base.now().getTime() + offsetMs),
    advance({ days = 0, hours = 0, minutes = 0, seconds = 0 }) {
      const ms = (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError("the sandbox clock only moves forward");
      offsetMs += ms;
      return new Date(base.now().getTime() + offsetMs);
    },
    reset() {
      offsetMs = 0;
    },
    get offsetMs() {
      return offsetMs;
    },
  };
}
