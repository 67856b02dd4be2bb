import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { changedTables, type Fingerprinter, fingerprinter } from "./bad-input/fingerprint.ts";
import { callFor, operationsOf } from "./bad-input/operations.ts";
import { deriveProbes, type Operation, type Probe } from "./bad-input/probes.ts";
import { buildWorld, type World } from "./bad-input/world.ts";
import { createTestApp, type TestApp } from "./http.ts";

/**
 * Issue 12, bad input: for every operation of the OpenAPI document the app serves, bad input is a
 * 4xx in the product's error shape — never a 5xx — and a refused request writes nothing.
 *
 * - Requests are derived from the document (test/bad-input/probes.ts): a baseline with real ids
 *   of the world (test/bad-input/world.ts) and variants changing one thing at a time. They are
 *   sent as the caller with the most rights in the area (BSS: the admin's API key; Storefront:
 *   reseller A's storefront admin), so they get past authentication to validation and handlers.
 * - Every answer: status < 500; a non-2xx answer is exactly { error: { code, message,
 *   details?, requestId } }; an .xlsx download is complete. Input that is never valid (NUL, a lone
 *   surrogate, a day the calendar or PostgreSQL lacks, a value the schema refuses) must not be
 *   accepted either.
 * - Nothing written by a refused request: a database fingerprint (test/bad-input/fingerprint.ts)
 *   around each operation's batch of requests the schema certainly refuses, and around every other
 *   request of a mutating operation (those may be accepted and write). A batch that changed the
 *   database is re-sent one request at a time to name the culprit.
 * - Nothing is skipped: the Swagger UI under /api/docs is not part of the document the app serves.
 * Failures are collected per operation (a subtest named `<METHOD> <path>`), every failing variant
 * with its status, code and message. BAD_INPUT_REPORT=<file> writes them all as JSON.
 */

interface Failure {
  op: string;
  label: string;
  request: string;
  problem: string;
  status: number;
  code: string;
  message: string;
}

const failures: Failure[] = [];
let sent = 0;
let resent = 0;

function describeRequest(p: Probe): string {
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);
  const body = p.payload === undefined ? "" : ` ${cut(p.payload, 300)}`; // JSON text: NUL is \u0000
  return `${p.method} ${cut(p.url, 200)}${body}`;
}

function isErrorShape(body: unknown): boolean {
  if (body === null || typeof body !== "object" || Object.keys(body).length !== 1) return false;
  const error = (body as { error?: unknown }).error as Record<string, unknown> | undefined;
  if (error === null || typeof error !== "object") return false;
  const { code, message, requestId, details, ...rest } = error;
  return (
    Object.keys(rest).length === 0 &&
    typeof code === "string" &&
    typeof message === "string" &&
    typeof requestId === "string" &&
    (details === undefined || (typeof details === "object" && details !== null && !Array.isArray(details)))
  );
}

/** What is wrong with an answer (undefined: nothing). */
function problemOf(p: Probe, res: LightMyRequestResponse): string | undefined {
  if (res.statusCode >= 500) return "5xx";
  const type = String(res.headers["content-type"] ?? "");
  if (res.statusCode < 300) {
    if (p.mustRefuse) return "bad input accepted";
    // A complete .xlsx (a zip) ends with the end-of-central-directory record.
    if (type.includes("spreadsheetml") && !res.rawPayload.subarray(-200).includes(ZIP_END))
      return "truncated xlsx";
    return undefined;
  }
  if (!type.includes("application/json")) return `not JSON (${type || "no content-type"})`;
  try {
    return isErrorShape(res.json()) ? undefined : "not the error shape";
  } catch {
    return "invalid JSON";
  }
}
const ZIP_END = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

function codeAndMessage(res: LightMyRequestResponse | undefined): { code: string; message: string } {
  if (!res || res.statusCode < 300) return { code: "-", message: "" };
  try {
    const body = res.json() as {
      error?: { code?: unknown; message?: unknown };
      code?: unknown;
      message?: unknown;
    };
    const code = String(body.error?.code ?? body.code ?? "-");
    const message = String(body.error?.message ?? body.message ?? "").split("\n")[0]!;
    return { code, message: message.slice(0, 200) };
  } catch {
    return { code: "-", message: res.body.slice(0, 120) };
  }
}

describe("bad input over the whole API (issue 12)", () => {
  let t: TestApp;
  let w: World;
  let fp: Fingerprinter;
  let operations: Operation[] = [];
  const started = Date.now();

  before(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    fp = await fingerprinter(t.deps.db);
    operations = operationsOf(t.app.swagger());
  });
  after(async () => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `bad input: ${sent} requests over ${operations.length} operations in ${seconds} s ` +
        `(${resent} of them re-sent one by one to name a write); ${failures.length} bad answers. ` +
        `Fingerprinted ${fp?.tables.length} tables; left out: ${fp?.excluded.join(", ")}.`,
    );
    if (process.env.BAD_INPUT_REPORT)
      writeFileSync(process.env.BAD_INPUT_REPORT, JSON.stringify(failures, null, 1));
    await t?.close();
  });

  async function send(p: Probe): Promise<LightMyRequestResponse | Error> {
    sent += 1;
    try {
      return await t.app.inject({
        method: p.method as "GET",
        url: p.url,
        headers: p.headers,
        ...(p.payload === undefined ? {} : { payload: p.payload }),
      });
    } catch (e) {
      return e as Error; // the response was destroyed (a stream that failed half-way)
    }
  }

  /** Sends every probe of an operation; returns what went wrong. */
  async function sweep(op: Operation): Promise<Failure[]> {
    const name = `${op.method} ${op.path}`;
    const probes = deriveProbes(op, await callFor(op, w), w.ids);
    const found: Failure[] = [];
    const record = (p: Probe, res: LightMyRequestResponse | Error, problem: string) => {
      const r = res instanceof Error ? undefined : res;
      found.push({
        op: name,
        label: p.label,
        request: describeRequest(p),
        problem: res instanceof Error ? `connection dropped (${res.message})` : problem,
        status: r?.statusCode ?? 0,
        ...codeAndMessage(r),
      });
    };
    /** Checks an answer; true when the request was refused. */
    const check = (p: Probe, res: LightMyRequestResponse | Error): boolean => {
      const problem = res instanceof Error ? "dropped" : problemOf(p, res);
      if (problem) record(p, res, problem);
      return res instanceof Error || res.statusCode >= 300;
    };
    /** One at a time with a fingerprint after each: a refused request that changed it wrote. */
    const oneByOne = async (list: Probe[], checked: boolean) => {
      let before = await fp.take();
      for (const p of list) {
        const res = await send(p);
        const refused = checked ? res instanceof Error || res.statusCode >= 300 : check(p, res);
        const now = await fp.take();
        const changed = changedTables(before, now);
        if (refused && changed.length) record(p, res, `refused but wrote: ${changed.join(", ")}`);
        before = now;
      }
    };

    const reads = op.method === "GET";
    const batched = reads ? probes : probes.filter((p) => p.expectRefused);
    const single = reads ? [] : probes.filter((p) => !p.expectRefused);
    // The baseline goes first, on the untouched target.
    if (!reads) await oneByOne(single.splice(0, 1), false);
    const start = await fp.take();
    const refusedInBatch: Probe[] = [];
    for (const p of batched) if (check(p, await send(p))) refusedInBatch.push(p);
    const changed = changedTables(start, await fp.take());
    if (changed.length) {
      // Something in the batch wrote: send the refused requests again, one by one, to name them.
      resent += refusedInBatch.length;
      const before = found.length;
      await oneByOne(refusedInBatch, true);
      if (reads && found.length === before)
        found.push({
          op: name,
          label: "(all)",
          request: name,
          problem: `a GET wrote: ${changed.join(", ")}`,
          status: 0,
          code: "-",
          message: "",
        });
    }
    await oneByOne(single, false);
    return found;
  }

  it("answers requests outside the document (unknown routes and methods) in the error shape", async () => {
    const probes: Probe[] = [
      ["GET", "/api/bss/zz-unknown"],
      ["POST", "/api/storefront/zz-unknown"],
      ["GET", "/api/zz-unknown%00"],
      ["PUT", "/api/bss/accounts"],
      ["OPTIONS", "/api/bss/accounts"],
      ["GET", "/api/bss/accounts/%E0%A4%A/contacts"],
    ].map(([method, url]) => ({
      label: `${method} ${url}`,
      method: method!,
      url: url!,
      headers: w.credentials.bss,
      expectRefused: true,
      mustRefuse: true,
    }));
    const found: Failure[] = [];
    for (const p of probes) {
      const res = await send(p);
      const r = res instanceof Error ? undefined : res;
      const problem = r ? problemOf(p, r) : `connection dropped (${(res as Error).message})`;
      if (problem)
        found.push({
          op: "(outside the document)",
          label: p.label,
          request: describeRequest(p),
          problem,
          status: r?.statusCode ?? 0,
          ...codeAndMessage(r),
        });
    }
    failures.push(...found);
    const lines = found.map((f) => `  ${f.label} → ${f.status} ${f.code} (${f.problem}) ${f.message}`);
    assert.equal(found.length, 0, `${found.length} bad answers:\n${lines.join("\n")}`);
  });

  it("sweeps every operation of the OpenAPI document", async (ctx) => {
    assert.ok(operations.length > 100, `only ${operations.length} operations in the document`);
    for (const op of operations) {
      await ctx.test(`${op.method} ${op.path}`, async () => {
        const found = await sweep(op);
        failures.push(...found);
        const lines = found.map(
          (f) => `  ${f.label} → ${f.status} ${f.code} (${f.problem}) ${f.message}\n      ${f.request}`,
        );
        assert.equal(found.length, 0, `${found.length} bad answers:\n${lines.join("\n")}`);
      });
    }
  });
});
