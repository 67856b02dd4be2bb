/**
 * How dates and money are shown to people — one implementation for the web app (which passes
 * no locale: the browser's) and the server's documents (PDF, HTML, emails: a fixed locale,
 * DOCUMENT_LOCALE). Pure, no DOM or Node APIs: web/src/api.ts re-exports it.
 */

/** The locale of server-rendered documents (PDF, HTML view): "7 Dec 2026", "€1,234.50". */
export const DOCUMENT_LOCALE = "en-GB";

/** Money as the API sends it: the amount as an exact decimal string. */
export interface MoneyLike {
  currency: string;
  decimal: string;
}

/** Shows a `YYYY-MM-DD` date as a readable day without time-zone shifts. */
export function formatDate(date: string | null | undefined, locale?: string): string {
  if (!date) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toLocaleDateString(locale, { dateStyle: "medium", timeZone: "UTC" });
}

/** Shows a money value in the locale's style; the amount comes from `decimal`, never a float. */
export function formatMoney(m: MoneyLike | null | undefined, locale?: string): string {
  if (!m) return "—";
  const fraction = m.decimal.split(".")[1]?.length ?? 0;
  try {
    const base = new Intl.NumberFormat(locale, { style: "currency", currency: m.currency });
    const digits = base.resolvedOptions().maximumFractionDigits ?? 2;
    // A per-unit price may carry more decimals than the currency's default: show them all.
    const fmt =
      fraction > digits
        ? new Intl.NumberFormat(locale, {
            style: "currency",
            currency: m.currency,
            maximumFractionDigits: fraction,
          })
        : base;
    // Intl formats numeric strings exactly (no float rounding).
    return fmt.format(m.decimal as unknown as number);
  } catch {
    return `${m.decimal} ${m.currency}`;
  }
}

/** Basis points as a percentage string without float arithmetic: 2400 → "24 %", 1250 → "12.5 %". */
export function formatBasisPoints(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = String(Math.abs(bp % 100))
    .padStart(2, "0")
    .replace(/0+$/, "");
  return `${whole}${frac ? `.${frac}` : ""} %`;
}
