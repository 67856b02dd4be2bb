/**
 * Money is an integer count of the currency's minor unit (bigint), never a float.
 * Rounding is always named at the call site (spec/billing.md: half-up, once per line).
 */
export type Currency = string; // ISO 4217, e.g. "EUR"

export interface Money {
  readonly amount: bigint; // minor units
  readonly currency: Currency;
}

export type Rounding = "half-up" | "floor" | "ceil";

export function money(amount: bigint | number, currency: Currency): Money {
  const value = typeof amount === "number" ? toBigIntStrict(amount) : amount;
  return { amount: value, currency };
}

function toBigIntStrict(n: number): bigint {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer amount of minor units: ${n}`);
  return BigInt(n);
}

/**
 * Divides numerator by denominator (denominator > 0) and rounds to an integer.
 * half-up rounds halves away from zero (billing.md: "away from zero for negatives").
 */
export function divRound(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator <= 0n) throw new RangeError("denominator must be positive");
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = abs / denominator;
  const r = abs % denominator;
  let result: bigint;
  switch (rounding) {
    case "half-up":
      result = r * 2n >= denominator ? q + 1n : q;
      return negative ? -result : result;
    case "floor":
      // toward negative infinity
      if (!negative) return q;
      return r === 0n ? -q : -(q + 1n);
    case "ceil":
      if (negative) return -q;
      return r === 0n ? q : q + 1n;
  }
}

/** amount × numerator / denominator, rounded once with the named rounding. */
export function multiplyFraction(
  amount: bigint,
  numerator: bigint,
  denominator: bigint,
  rounding: Rounding,
): bigint {
  return divRound(amount * numerator, denominator, rounding);
}

/**
 * Splits `total` into parts proportional to `weights`; the parts always sum to `total`.
 * Largest-remainder method: floor every share, then hand the leftover minor units to the
 * parts with the largest remainders (earliest first on ties), so the result is deterministic.
 */
export function allocate(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) throw new RangeError("allocate needs at least one weight");
  if (weights.some((w) => w < 0n)) throw new RangeError("weights must not be negative");
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) throw new RangeError("weights must not all be zero");
  const negative = total < 0n;
  const abs = negative ? -total : total;
  const parts = weights.map((w) => (abs * w) / sum);
  const remainders = weights.map((w, i) => ({ i, r: (abs * w) % sum }));
  let leftover = abs - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (leftover === 0n) break;
    parts[i] = parts[i]! + 1n;
    leftover -= 1n;
  }
  return negative ? parts.map((p) => -p) : parts;
}

/** Splits `total` into `count` installments; the last absorbs the rounding remainder (billing.md AC1M). */
export function installments(total: bigint, count: number): bigint[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError("count must be a positive integer");
  const n = BigInt(count);
  const each = total / n; // truncates toward zero
  const parts = Array.from({ length: count }, () => each);
  parts[count - 1] = total - each * (n - 1n);
  return parts;
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return { amount: a.amount + b.amount, currency: a.currency };
}

export function sumAmounts(amounts: readonly bigint[]): bigint {
  return amounts.reduce((a, b) => a + b, 0n);
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`currency mismatch: ${a.currency} vs ${b.currency}`);
}

const MINOR_DIGITS: Record<string, number> = { JPY: 0, KRW: 0, BHD: 3, KWD: 3 };

export function minorDigits(currency: Currency): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/** "1234.50" style decimal string of a minor-unit amount (no grouping, no symbol). */
export function formatAmount(amount: bigint, currency: Currency): string {
  const digits = minorDigits(currency);
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  if (digits === 0) return `${negative ? "-" : ""}${abs}`;
  const base = 10n ** BigInt(digits);
  const whole = abs / base;
  const frac = (abs % base).toString().padStart(digits, "0");
  return `${negative ? "-" : ""}${whole}.${frac}`;
}

/** The largest amount a money column (PostgreSQL `bigint`, minor units) holds. */
export const MAX_STORED_AMOUNT = 9_223_372_036_854_775_807n;

/**
 * Parses "12.34" (or "12", "-0.5") into minor units; refuses more decimals than the currency has
 * and amounts no money column could store (issue 12: a 500 on the update otherwise).
 */
export function parseAmount(text: string, currency: Currency): bigint {
  const digits = minorDigits(currency);
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`not an amount: "${text}"`);
  const [, sign, whole, frac = ""] = match;
  if (frac.length > digits)
    throw new RangeError(`"${text}" has more than ${digits} decimals for ${currency}`);
  const value = BigInt(whole!) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, "0") || "0");
  if (value > MAX_STORED_AMOUNT)
    throw new RangeError(`"${text}" is too large (at most ${formatAmount(MAX_STORED_AMOUNT, currency)})`);
  return sign ? -value : value;
}

/** Money on the API: minor units as a string (never a float) plus the decimal for people. */
export interface MoneyJson {
  currency: Currency;
  minor: string;
  decimal: string;
}

export function toMoneyJson(amount: bigint, currency: Currency): MoneyJson {
  return { currency, minor: amount.toString(), decimal: formatAmount(amount, currency) };
}
