import { z } from "zod";

/**
 * Configurable, seeded faults (behaviour 5). Random faults draw from a mulberry32 stream seeded
 * by `seed`, so the same requests in the same order meet the same faults; scripted faults are
 * consumed first, in order, which is what tests use to hit one exact case.
 */
export const FaultKind = z.enum([
  "transient_500",
  "transient_503",
  "commit_then_fail",
  "timeout",
  "rate_limit",
  /** Scripted only: the vendor refuses the call (409 with `tag`), as if its own rules did. */
  "refuse",
]);
export type FaultKind = z.infer<typeof FaultKind>;

const ScriptedFault = z
  .strictObject({
    kind: FaultKind,
    /** Only requests to this route (e.g. "teams/create"); omitted = any API route. */
    route: z.string().optional(),
    /** How many matching requests it hits (default 1). */
    times: z.number().int().positive().default(1),
    /** rate_limit: the Retry-After it answers (default 1). */
    retryAfterSeconds: z.number().int().positive().optional(),
    /** refuse: the route error tag answered (e.g. `add_on_conflict`) and its optional user message. */
    tag: z
      .string()
      .regex(/^[a-z_]{1,60}$/)
      .optional(),
    userMessage: z.string().max(500).optional(),
  })
  .refine((f) => (f.kind === "refuse") === (f.tag !== undefined), {
    message: "a refuse fault needs a tag, and only a refuse fault takes one",
    path: ["tag"],
  });

export const FaultConfig = z.strictObject({
  seed: z.number().int().default(1),
  /** Added to every API request, uniformly in [min, max] ms. */
  latencyMs: z
    .strictObject({ min: z.number().int().min(0), max: z.number().int().min(0) })
    .default({ min: 0, max: 0 }),
  /** Share of API requests answered 500 or 503 without doing anything. */
  transientRate: z.number().min(0).max(1).default(0),
  /** Share of mutations applied and committed, then answered 503 (the answer is "lost"). */
  commitThenFailRate: z.number().min(0).max(1).default(0),
  /** Share of API requests whose response is held for `timeoutMs` (longer than the client waits). */
  timeoutRate: z.number().min(0).max(1).default(0),
  timeoutMs: z.number().int().min(0).default(30_000),
  /** true: the request is applied, then its answer held; false: held, then dropped unapplied (503). */
  timeoutApplies: z.boolean().default(true),
  /** Token bucket: `capacity` requests at once, refilled at `refillPerSecond`; empty → 429. */
  rateLimit: z
    .strictObject({ capacity: z.number().int().positive(), refillPerSecond: z.number().positive() })
    .nullable()
    .default(null),
  script: z.array(ScriptedFault).default([]),
});
export type FaultConfig = z.infer<typeof FaultConfig>;
export type FaultConfigInput = z.input<typeof FaultConfig>;

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultDecision {
  latencyMs: number;
  kind: FaultKind | null;
  retryAfterSeconds: number;
  /** refuse: what the vendor answers. */
  refusal?: { tag: string; userMessage: string | undefined };
}

export interface Faults {
  readonly config: FaultConfig;
  set(input: FaultConfigInput): FaultConfig;
  decide(route: string, isMutation: boolean): FaultDecision;
}

/** `monotonicMs` is real time: rate limits protect the vendor in real time, not business time. */
export function createFaults(
  input: FaultConfigInput = {},
  monotonicMs: () => number = () => performance.now(),
): Faults {
  let config = FaultConfig.parse(input);
  let random = mulberry32(config.seed);
  let tokens = config.rateLimit?.capacity ?? 0;
  let refilledAt = monotonicMs();

  function takeToken(): number {
    const limit = config.rateLimit;
    if (!limit) return 0;
    const now = monotonicMs();
    tokens = Math.min(limit.capacity, tokens + ((now - refilledAt) / 1000) * limit.refillPerSecond);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - tokens) / limit.refillPerSecond)); // seconds until a token
  }

  function scripted(route: string, isMutation: boolean) {
    const i = config.script.findIndex(
      (s) =>
        (!s.route || s.route === route) &&
        ((s.kind !== "commit_then_fail" && s.kind !== "refuse") || isMutation),
    );
    if (i < 0) return undefined;
    const hit = config.script[i]!;
    config.script =
      hit.times > 1 ? config.script.with(i, { ...hit, times: hit.times - 1 }) : config.script.toSpliced(i, 1);
    return hit;
  }

  return {
    get config() {
      return config;
    },
    set(next) {
      config = FaultConfig.parse(next);
      random = mulberry32(config.seed);
      tokens = config.rateLimit?.capacity ?? 0;
      refilledAt = monotonicMs();
      return config;
    },
    decide(route, isMutation) {
      const { min, max } = config.latencyMs;
      const latencyMs = max > min ? Math.round(min + random() * (max - min)) : min;
      const s = scripted(route, isMutation);
      if (s)
        return {
          latencyMs,
          kind: s.kind,
          retryAfterSeconds: s.retryAfterSeconds ?? 1,
          ...(s.kind === "refuse"
            ? { refusal: { tag: s.tag ?? "rejected", userMessage: s.userMessage } }
            : {}),
        };
      const wait = takeToken();
      if (wait) return { latencyMs, kind: "rate_limit", retryAfterSeconds: wait };
      const r = random();
      const transientEdge = config.transientRate;
      const commitEdge = transientEdge + (isMutation ? config.commitThenFailRate : 0);
      if (r < transientEdge)
        return { latencyMs, kind: random() < 0.5 ? "transient_500" : "transient_503", retryAfterSeconds: 0 };
      if (r < commitEdge) return { latencyMs, kind: "commit_then_fail", retryAfterSeconds: 0 };
      if (r < commitEdge + config.timeoutRate) return { latencyMs, kind: "timeout", retryAfterSeconds: 0 };
      return { latencyMs, kind: null, retryAfterSeconds: 0 };
    },
  };
}
