import { Temporal } from "temporal-polyfill";
import type { PlainDate } from "./dates.ts";

/**
 * The only source of "now" (DESIGN.md). Business dates come from today(timeZone);
 * a manual clock lets the demo and the tests move through months in seconds.
 */
export interface Clock {
  readonly kind: "system" | "manual";
  now(): Date;
  today(timeZone: string): PlainDate;
}

export interface ManualClock extends Clock {
  readonly kind: "manual";
  set(instant: Date): void;
  advance(by: { days?: number; hours?: number; minutes?: number; seconds?: number }): Date;
}

function todayIn(instant: Date, timeZone: string): PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone).toPlainDate();
}

export function systemClock(): Clock {
  return {
    kind: "system",
    now: () => new Date(),
    today: (timeZone) => todayIn(new Date(), timeZone),
  };
}

export function manualClock(start: Date): ManualClock {
  let current = new Date(start.getTime());
  return {
    kind: "manual",
    now: () => new Date(current.getTime()),
    today: (timeZone) => todayIn(current, timeZone),
    set(instant) {
      if (instant.getTime() < current.getTime())
        throw new RangeError("the manual clock never moves backwards");
      current = new Date(instant.getTime());
    },
    advance({ days = 0, hours = 0, minutes = 0, seconds = 0 }) {
      const ms = (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
      if (ms < 0) throw new RangeError("the manual clock never moves backwards");
      current = new Date(current.getTime() + ms);
      return new Date(current.getTime());
    },
  };
}
