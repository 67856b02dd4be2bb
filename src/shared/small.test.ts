import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadConfig } from "../config.ts";
import { manualClock, systemClock } from "./clock.ts";
import { AppError, statusOf, violationsError } from "./errors.ts";
import { hasPrefix, randomIds } from "./ids.ts";
import { defineStateMachine } from "./state-machine.ts";

describe("clock", () => {
  it("a manual clock stands still until advanced, and gives the date in a time zone", () => {
    const c = manualClock(new Date("2026-01-31T23:30:00Z"));
    assert.equal(c.now().toISOString(), "2026-01-31T23:30:00.000Z");
    assert.equal(c.today("UTC").toString(), "2026-01-31");
    assert.equal(c.today("Europe/Athens").toString(), "2026-02-01");
    c.advance({ days: 30 });
    assert.equal(c.today("UTC").toString(), "2026-03-02");
  });

  it("a manual clock never moves backwards", () => {
    const c = manualClock(new Date("2026-01-01T00:00:00Z"));
    assert.throws(() => c.set(new Date("2025-12-31T00:00:00Z")), RangeError);
    assert.throws(() => c.advance({ days: -1 }), RangeError);
  });

  it("the system clock reads real time", () => {
    const before = Date.now();
    const now = systemClock().now().getTime();
    assert.ok(now >= before && now - before < 5_000);
  });
});

describe("ids", () => {
  it("are prefixed, unique and sortable by creation time", () => {
    let t = 1_700_000_000_000;
    const ids = randomIds(() => t++);
    const list = Array.from({ length: 1000 }, () => ids.next("sub"));
    assert.equal(new Set(list).size, 1000);
    assert.ok(list.every((id) => hasPrefix(id, "sub")));
    assert.deepEqual([...list].sort(), list);
  });
});

describe("errors", () => {
  it("map codes to HTTP statuses; rule IDs are 422", () => {
    assert.equal(statusOf("not_found"), 404);
    assert.equal(statusOf("validation_failed"), 400);
    assert.equal(statusOf("R-ORD-01"), 422);
    assert.equal(statusOf("something_unknown"), 500);
    assert.equal(new AppError("conflict", "x").status, 409);
  });

  it("a violations error carries every violation and takes the first one's code", () => {
    const e = violationsError([
      { code: "R-ORD-01", message: "at least 3" },
      { code: "R-ORD-05", message: "monthly only" },
    ]);
    assert.equal(e.code, "R-ORD-01");
    assert.equal((e.details!.violations as unknown[]).length, 2);
  });
});

describe("state machine", () => {
  const m = defineStateMachine<"a" | "b" | "c">("thing", { a: ["b"], b: ["c", "a"], c: [] });
  it("allows listed transitions and refuses others with a conflict", () => {
    assert.ok(m.canTransition("a", "b"));
    assert.ok(!m.canTransition("a", "c"));
    assert.throws(
      () => m.assertTransition("c", "a"),
      (e: unknown) => e instanceof AppError && e.code === "conflict",
    );
    assert.ok(m.isFinal("c"));
    assert.ok(!m.isFinal("b"));
  });
});

describe("config", () => {
  it("has working defaults", () => {
    const c = loadConfig({});
    assert.equal(c.PORT, 3000);
    assert.equal(c.OPENBSS_CLOCK, "manual");
    assert.equal(c.OPENBSS_DATA_DIR, "./data");
  });

  it("fails fast naming every bad variable", () => {
    assert.throws(
      () => loadConfig({ PORT: "x", OPENBSS_CLOCK: "sundial" }),
      (e: Error) => {
        return /PORT/.test(e.message) && /OPENBSS_CLOCK/.test(e.message);
      },
    );
  });
});
