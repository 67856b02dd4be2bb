import { z } from "zod";

/** Environment → typed config; fails fast with every problem named. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().url().optional(),
  OPENBSS_DATA_DIR: z.string().default("./data"),
  OPENBSS_CLOCK: z.enum(["manual", "system"]).default("manual"),
  OPENBSS_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  WORKER_POLL_MS: z.coerce.number().int().positive().default(500),
  WORKER_BATCH: z.coerce.number().int().positive().max(1000).default(10),
  JOB_LEASE_SECONDS: z.coerce.number().int().positive().default(60),
  DB_POOL_SIZE: z.coerce.number().int().positive().default(10),
  /** The demo users' password; it must pass the password policy (at least 10 characters, …). */
  OPENBSS_DEMO_PASSWORD: z.string().min(10).default("openbss-demo"),
  /** Always mark the session cookie Secure (it is Secure anyway when the request came over HTTPS). */
  SECURE_COOKIES: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /**
   * Behind a reverse proxy: which proxies to believe about X-Forwarded-For/-Proto/-Host (client
   * address, HTTPS, host). false (default) = none; true = any; a number = that many hops; else a
   * comma-separated list of addresses/CIDRs (e.g. "127.0.0.1,10.0.0.0/8", "loopback").
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default("false")
    .transform((v): boolean | number | string => {
      if (v === "false") return false;
      if (v === "true") return true;
      if (/^\d+$/.test(v)) return Number(v);
      return v;
    }),
  /** Sign-in throttling (real time): failed attempts per email and per client address in a window. */
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  LOGIN_MAX_FAILURES_PER_EMAIL: z.coerce.number().int().positive().default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(50),
  /** smtp://user:pass@host:587 or smtps://…; unset = emails are stored, not sent (demo, tests). */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "Use smtp://host:port or smtps://host:port" }).optional(),
  /** Base of links in emails (order status pages); default http://localhost:PORT (set in loadConfig). */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "Use an http(s) URL" }).optional(),
  /** The Dropbox reseller API; unset = `serve` starts the sandbox in-process on a free port. */
  DROPBOX_API_URL: z.url({ protocol: /^https?$/, error: "Use an http(s) URL" }).optional(),
  DROPBOX_CLIENT_ID: z.string().min(1).default("openbss-sandbox"),
  DROPBOX_CLIENT_SECRET: z.string().min(1).default("openbss-sandbox-secret"),
  /** Per-request timeout of vendor calls. */
  DROPBOX_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** R-PRV-02 at order time: how long an order waits for the vendor's validate-only answer. */
  VENDOR_PRECHECK_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(3_000),
  /** Days the in-process sandbox retains a cancelled team (R-EXT-02; the vendor decides). */
  DROPBOX_SANDBOX_RETENTION_DAYS: z.coerce.number().int().min(0).default(7),
  /** Provisioning drift check interval (the reconcile job), in minutes; 0 = off. */
  PROVISIONING_RECONCILE_MINUTES: z.coerce.number().int().min(0).default(60),
});

export type Config = Omit<z.infer<typeof schema>, "PUBLIC_URL"> & { PUBLIC_URL: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  // PUBLIC_URL's default depends on PORT; no trailing slash, so links are PUBLIC_URL + "/path".
  const publicUrl = parsed.data.PUBLIC_URL ?? `http://localhost:${parsed.data.PORT}`;
  return { ...parsed.data, PUBLIC_URL: publicUrl.replace(/\/+$/, "") };
}
