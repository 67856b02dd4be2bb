import * as fmt from "../../src/shared/format.ts";

/**
 * The one HTTP client of the web app. Every call sends the session cookie, speaks JSON and
 * turns the API's error shape `{ error: { code, message, details?, requestId } }` into an
 * ApiError (ARCHITECTURE.md "HTTP").
 */

export interface Money {
  currency: string;
  minor: string;
  decimal: string;
}

export interface ListPage<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/**
 * Maps a list response item by item. Tolerates lists that answer `{ items }` without paging
 * fields, or a bare array, by filling in total/limit/offset from the items.
 */
export function toPage<T>(raw: unknown, map: (item: unknown) => T): ListPage<T> {
  const p = (Array.isArray(raw) ? { items: raw } : (raw ?? {})) as Partial<ListPage<unknown>>;
  const items = (p.items ?? []).map(map);
  return { items, total: p.total ?? items.length, limit: p.limit ?? items.length, offset: p.offset ?? 0 };
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  readonly requestId: string | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    details?: Record<string, unknown>,
    requestId?: string,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }

  get isUnauthenticated(): boolean {
    return this.status === 401;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

/** Fired on window when a non-auth call answers 401, so the area can send the user to sign in. */
export const UNAUTHENTICATED_EVENT = "openbss:unauthenticated";
export type Area = "bss" | "storefront";

function areaOf(path: string): Area | null {
  if (path.startsWith("/api/bss/")) return "bss";
  if (path.startsWith("/api/storefront/")) return "storefront";
  return null;
}

type Query = Record<string, string | number | boolean | null | undefined>;

/** Builds `path?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  signal?: AbortSignal;
  /** Extra request headers, e.g. `ifMatch(version)`. */
  headers?: Record<string, string>;
}

/**
 * The If-Match header of a subscription command: the version the page displayed (the API's ETag
 * is `"<version>"`). A subscription changed since answers 412 and nothing changes (issue 12).
 */
export function ifMatch(version: number): Record<string, string> {
  return { "if-match": `"${version}"` };
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...options.headers, accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? "GET",
      credentials: "same-origin",
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError(0, "network_error", "The server could not be reached. Check your connection.");
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body = parseJson(text);
  if (!response.ok) throw toApiError(path, response, body);
  return body as T;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toApiError(path: string, response: Response, body: unknown): ApiError {
  const err = (body as { error?: Record<string, unknown> } | undefined)?.error;
  const error = new ApiError(
    response.status,
    typeof err?.code === "string" ? err.code : `http_${response.status}`,
    typeof err?.message === "string" ? err.message : `The server answered ${response.status}.`,
    err?.details && typeof err.details === "object" ? (err.details as Record<string, unknown>) : undefined,
    typeof err?.requestId === "string" ? err.requestId : (response.headers.get("x-request-id") ?? undefined),
  );
  const area = areaOf(path);
  if (error.isUnauthenticated && area && !path.includes("/auth/")) {
    window.dispatchEvent(new CustomEvent(UNAUTHENTICATED_EVENT, { detail: { area } }));
  }
  return error;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
    request<T>(withQuery(path, query), signal ? { signal } : {}),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    request<T>(path, { method: "POST", body: body ?? {}, ...(headers ? { headers } : {}) }),
  put: <T>(path: string, body: unknown) => request<T>(path, { method: "PUT", body }),
  patch: <T>(path: string, body: unknown) => request<T>(path, { method: "PATCH", body }),
  delete: <T>(path: string, headers?: Record<string, string>) =>
    request<T>(path, { method: "DELETE", ...(headers ? { headers } : {}) }),
};

/** A failed call's message for a notification or an inline alert. */
export function errorMessage(e: unknown, fallback = "Something went wrong. Please try again."): string {
  if (e instanceof ApiError) return e.message;
  return e instanceof Error && e.message ? e.message : fallback;
}

/** A 400's issues by body field (`body.quantity` → `quantity`), to show next to the inputs. */
export function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError)) return {};
  const issues = (e.details?.issues ?? []) as Array<{ path?: string; message?: string }>;
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const field = (issue.path ?? "").replace(/^body\.?/, "");
    if (field && !out[field]) out[field] = issue.message ?? "Invalid value";
  }
  return out;
}

// Dates, money and enum labels: the one implementation the server's documents and emails use too
// (ARCHITECTURE.md "One way to show things"), in the display locale: the signed-in Storefront
// account's language (localeOf, as its emails and PDFs), else the browser's (the back office).
let displayLocale: string | undefined;

/** Sets the locale dates, numbers and money show in (undefined: the browser's). */
export function setDisplayLocale(locale: string | undefined): void {
  displayLocale = locale;
}

export const formatDate = (date: string | null | undefined) => fmt.formatDate(date, displayLocale);
export const formatDateTime = (value: string | Date | null | undefined) =>
  fmt.formatDateTime(value, displayLocale);
export const formatTime = (value: string | Date | null | undefined) => fmt.formatTime(value, displayLocale);
export const formatNumber = (n: number | bigint | null | undefined) => fmt.formatNumber(n, displayLocale);
export const formatBytes = (bytes: number) => fmt.formatBytes(bytes, displayLocale);
export const formatMoney = (m: Parameters<typeof fmt.formatMoney>[0]) => fmt.formatMoney(m, displayLocale);
export const formatBasisPoints = fmt.formatBasisPoints;
export const localeOf = fmt.localeOf;
export { humanize, type LabelKind, labelOf } from "../../src/shared/labels.ts";

export function isMoney(value: unknown): value is Money {
  const v = value as Money | null;
  return (
    typeof v === "object" && v !== null && typeof v.currency === "string" && typeof v.decimal === "string"
  );
}

/** "1 document", "3 documents". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
