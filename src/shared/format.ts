/**
 * How dates, money and numbers are shown to people — one implementation for the web app (which
 * passes no locale: the browser's), the server's documents (PDF, HTML view: DOCUMENT_LOCALE) and
 * emails (the recipient account's language, localeOf). Pure, no DOM or Node APIs: web/src/api.ts
 * re-exports it (ARCHITECTURE.md "One way to show things").
 */

/** The locale of server-rendered documents (PDF, HTML view): "7 Dec 2026", "€1,234.50". */
export const DOCUMENT_LOCALE = "en-GB";

/**
 * The locale to format for an account's language (emails): a regional tag as it is ("de-AT"),
 * bare English as the documents' locale (so an email and its PDF read alike), anything the
 * runtime does not know as the documents' locale.
 */
export function localeOf(language: string | null | undefined): string {
  const tag = (language ?? "").trim();
  if (!tag || tag === "en") return DOCUMENT_LOCALE;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0 ? tag : DOCUMENT_LOCALE;
  } catch {
    return DOCUMENT_LOCALE;
  }
}

/** Money as the API sends it: the amount as an exact decimal string. */
export interface MoneyLike {
  currency: string;
  decimal: string;
}

/**
 * Shows a date as a readable day: a `YYYY-MM-DD` date as it is (no time-zone shift), a
 * timestamp as its day in the viewer's time zone (or `timeZone`).
 */
export function formatDate(date: string | null | undefined, locale?: string, timeZone?: string): string {
  if (!date) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.toLocaleDateString(locale, { dateStyle: "medium", timeZone: "UTC" });
  }
  const d = new Date(date);
  if (!ISO_TIMESTAMP.test(date) || Number.isNaN(d.getTime())) return date;
  return d.toLocaleDateString(locale, { dateStyle: "medium", ...(timeZone ? { timeZone } : {}) });
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Shows a timestamp (ISO 8601) as day and time in the viewer's time zone (or `timeZone`). */
export function formatDateTime(
  iso: string | Date | null | undefined,
  locale?: string,
  timeZone?: string,
): string {
  if (!iso) return "—";
  const d = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(d.getTime()) || (typeof iso === "string" && !ISO_TIMESTAMP.test(iso))) return String(iso);
  return d.toLocaleString(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    ...(timeZone ? { timeZone } : {}),
  });
}

/** Shows the time of day of a timestamp, with seconds (logs): "14:03:07". */
export function formatTime(
  iso: string | Date | null | undefined,
  locale?: string,
  timeZone?: string,
): string {
  if (!iso) return "—";
  const d = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleTimeString(locale, { timeStyle: "medium", ...(timeZone ? { timeZone } : {}) });
}

/** A count or quantity with the locale's grouping: 12345 → "12,345". */
export function formatNumber(n: number | bigint | null | undefined, locale?: string): string {
  if (n === null || n === undefined) return "—";
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n);
}

/** A file size: "812 B", "12.3 KB", "4.1 MB" (1 KB = 1024 B). */
export function formatBytes(bytes: number, locale?: string): string {
  const one = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  if (bytes < 1024) return `${formatNumber(bytes, locale)} B`;
  if (bytes < 1024 * 1024) return `${one.format(bytes / 1024)} KB`;
  return `${one.format(bytes / 1024 / 1024)} MB`;
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

/**
 * Basis points as a percentage string without float arithmetic: 2400 → "24 %", 1250 → "12.5 %";
 * `signed` marks increases (a markup): 1250 → "+12.5 %", -500 → "−5 %".
 */
export function formatBasisPoints(bp: number, options: { signed?: boolean } = {}): string {
  const whole = Math.trunc(Math.abs(bp) / 100);
  const frac = String(Math.abs(bp % 100))
    .padStart(2, "0")
    .replace(/0+$/, "");
  const sign = bp < 0 ? (options.signed ? "−" : "-") : options.signed && bp > 0 ? "+" : "";
  return `${sign}${whole}${frac ? `.${frac}` : ""} %`;
}
