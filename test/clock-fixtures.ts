import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import type { Deps } from "../src/deps.ts";
import type { App } from "../src/http/app.ts";
import { tenants } from "../src/modules/tenancy/tenancy.schema.ts";
import { createTenant, createUser } from "./factories.ts";
import { signIn } from "./http.ts";

/**
 * The sandbox clock over HTTP: only the installation's operator (an admin of the root
 * distributor) may advance it, and the advance runs in the background (202 + a run to poll).
 */

/** An admin of the installation's root distributor (created, with the root tenant if missing). */
export async function operatorAdmin(
  deps: Deps,
): Promise<{ tenantId: string; userId: string; email: string }> {
  const [existing] = await deps.db.select().from(tenants).where(eq(tenants.root, true));
  const root = existing ?? (await createTenant(deps, { root: true, name: "Installation operator" }));
  const user = await createUser(deps, { tenantId: root.id, role: "admin" });
  return { tenantId: root.id, userId: user.id, email: user.email };
}

/**
 * Makes `tenantId` (a distributor) the installation's root, as if it had been bootstrapped first,
 * so that its admins operate the clock (browser tests sign in as the world's own admin).
 */
export async function makeRootTenant(deps: Deps, tenantId: string): Promise<void> {
  await deps.db.update(tenants).set({ root: true }).where(eq(tenants.id, tenantId));
}

/** A signed-in session (Cookie header) of a new operator admin. */
export async function operatorSession(app: App, deps: Deps): Promise<{ cookie: string }> {
  return signIn(app, (await operatorAdmin(deps)).email, "bss");
}

export interface ClockRun {
  id: string;
  status: "queued" | "running" | "succeeded" | "failed" | "canceled";
  daysDone: number;
  daysTotal: number;
  currentDay: string;
  from: string;
  to: string;
  runs: number;
  documentsCreated: number;
  jobsRun: number;
  error: string | null;
}

/** Polls a clock advance until it is no longer queued or running. */
export async function waitForClockRun(
  app: App,
  headers: Record<string, string>,
  id: string,
  timeoutMs = 120_000,
): Promise<ClockRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.inject({ method: "GET", url: `/api/bss/clock/runs/${id}`, headers });
    if (res.statusCode !== 200) throw new Error(`clock run ${id}: ${res.statusCode} ${res.body}`);
    const run = res.json() as ClockRun;
    if (run.status !== "queued" && run.status !== "running") return run;
    if (Date.now() > deadline) throw new Error(`clock run ${id} still ${run.status} after ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Advances the clock as `headers` (an operator admin) and waits for the advance to succeed. */
export async function advanceClockAndWait(
  app: App,
  headers: Record<string, string>,
  by: { days: number } | { months: number },
): Promise<ClockRun> {
  const res = await app.inject({ method: "POST", url: "/api/bss/clock/advance", headers, payload: by });
  if (res.statusCode !== 202) throw new Error(`clock advance: ${res.statusCode} ${res.body}`);
  const run = await waitForClockRun(app, headers, (res.json() as ClockRun).id);
  if (run.status !== "succeeded") throw new Error(`clock advance ${run.id} ${run.status}: ${run.error}`);
  return run;
}
