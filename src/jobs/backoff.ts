/**
 * Retry delay after a failed attempt: exponential with "full jitter" (a uniform draw between 0
 * and the exponential ceiling), so many jobs failing together against one vendor outage do not
 * retry in lockstep. Pure: the random source is a parameter, so tests pass a seeded one.
 */
export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
}

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 10 * 60 * 1_000;

/** The ceiling for `attempt` (1 = the first attempt failed): base · 2^(attempt−1), at most cap. */
export function backoffCeilingMs(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? BACKOFF_BASE_MS;
  const cap = options.capMs ?? BACKOFF_CAP_MS;
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be ≥ 1, got ${attempt}`);
  // 2^(attempt−1) overflows to Infinity long after it passed the cap; min() handles that.
  return Math.min(cap, base * 2 ** (attempt - 1));
}

/** A delay in [0, ceiling] whole milliseconds; `random` returns values in [0, 1). */
export function backoffMs(
  attempt: number,
  random: () => number = Math.random,
  options: BackoffOptions = {},
): number {
  const ceiling = backoffCeilingMs(attempt, options);
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError(`random() must return a value in [0, 1), got ${r}`);
  return Math.floor(r * (ceiling + 1));
}

/** mulberry32: a small seedable generator of values in [0, 1), for tests and reproducible runs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
