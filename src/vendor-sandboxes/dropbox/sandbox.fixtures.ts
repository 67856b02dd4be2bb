import { openTestDatabase } from "../../../test/harness.ts";
import { manualClock } from "../../shared/clock.ts";
import type { Database } from "../../shared/db.ts";
import {
  DEFAULT_SANDBOX_CLIENT,
  type DropboxSandbox,
  type DropboxSandboxOptions,
  startDropboxSandbox,
} from "./index.ts";

/**
 * Tests' sandbox: a real database (PGlite or PostgreSQL, test/harness.ts), a real HTTP server
 * on a free port, a manual base clock, and raw HTTP helpers that show exactly what the vendor
 * answers (status, headers, body).
 */
export interface TestSandbox {
  sandbox: DropboxSandbox;
  database: Database;
  url: string;
  token: string;
  call(route: string, body: unknown, token?: string): Promise<RawResponse>;
  control(method: string, path: string, body?: unknown): Promise<RawResponse>;
  close(): Promise<void>;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers.
  json: any;
}

export const RESELLER = "rsl_alpha";
export const OTHER_RESELLER = "rsl_beta";
export const START = "2026-01-15T09:00:00Z";
export const DEFAULT_CLIENT_FORM = {
  client_id: DEFAULT_SANDBOX_CLIENT.clientId,
  client_secret: DEFAULT_SANDBOX_CLIENT.clientSecret,
};

async function raw(url: string, init: RequestInit): Promise<RawResponse> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function startTestSandbox(options: Partial<DropboxSandboxOptions> = {}): Promise<TestSandbox> {
  const database = await openTestDatabase();
  const sandbox = await startDropboxSandbox({
    db: database.db,
    clock: manualClock(new Date(START)),
    resellers: [{ id: RESELLER }, { id: OTHER_RESELLER }],
    // Tests move the clock by months; a token that outlives them keeps the raw helpers simple.
    tokenTtlSeconds: 10 * 365 * 86_400,
    ...options,
  });
  const tokenRes = await raw(`${sandbox.url}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", ...DEFAULT_CLIENT_FORM }).toString(),
  });
  const token = tokenRes.json.access_token as string;
  const t: TestSandbox = {
    sandbox,
    database,
    url: sandbox.url,
    token,
    call: (route, body, bearer = token) =>
      raw(`${sandbox.url}/2/reseller/${route}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
        body: JSON.stringify(body),
      }),
    control: (method, path, body) =>
      raw(`${sandbox.url}/__sandbox/${path}`, {
        method,
        ...(body !== undefined && {
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
      }),
    async close() {
      try {
        await sandbox.close();
      } finally {
        await database.close();
      }
    },
  };
  return t;
}

let counter = 0;
/** A unique admin email per call, so tests never meet each other's teams. */
export const email = (label = "admin") => `${label}.${process.pid}.${++counter}@example.com`;

export function createBody(overrides: Record<string, unknown> = {}) {
  return {
    reseller_id: RESELLER,
    product: "dropbox",
    sku: "DBX-STD-MCMB",
    licenses: 3,
    admin_email: email(),
    team_name: "Acme",
    country: "DE",
    ...overrides,
  };
}
