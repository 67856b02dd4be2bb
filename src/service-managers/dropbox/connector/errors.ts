/**
 * What can go wrong when calling the vendor, as typed errors, and the ONE table that decides
 * which one a vendor answer is (dropbox-vendor.md, "The connector's duties"). Callers branch on
 * the class (or `kind`), never on status codes or message text.
 */
export type DropboxErrorKind =
  | "validation" // our request was wrong (400 or a client-side check): never retry
  | "auth" // credentials refused: retrying will not help until someone fixes the configuration
  | "rejected" // the vendor refused the operation (409 tag): show its message, mark sync Failed
  | "rate_limited" // 429: wait Retry-After
  | "transient" // 5xx / network / timeout on a call that changed nothing: back off and retry
  | "unknown_outcome"; // a mutation was sent and its answer was lost: it may or may not have happened

export interface DropboxErrorInit {
  route: string;
  status?: number | undefined;
  tag?: string | undefined;
  userMessage?: string | undefined;
  requestId?: string | undefined;
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

export abstract class DropboxError extends Error {
  abstract readonly kind: DropboxErrorKind;
  /** Whether the same call may succeed later (a job should retry it). */
  abstract readonly retryable: boolean;
  readonly route: string;
  readonly status: number | undefined;
  readonly tag: string | undefined;
  /** The vendor's text for the end user (R-EXT-03 shows it as is). */
  readonly userMessage: string | undefined;
  readonly requestId: string | undefined;
  constructor(message: string, init: DropboxErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.route = init.route;
    this.status = init.status;
    this.tag = init.tag;
    this.userMessage = init.userMessage;
    this.requestId = init.requestId;
  }
}

export class DropboxValidationError extends DropboxError {
  readonly kind = "validation";
  readonly retryable = false;
}
export class DropboxAuthError extends DropboxError {
  readonly kind = "auth";
  readonly retryable = false;
}
export class DropboxRejectedError extends DropboxError {
  readonly kind = "rejected";
  readonly retryable = false;
}
export class DropboxRateLimitedError extends DropboxError {
  readonly kind = "rate_limited";
  readonly retryable = true;
  readonly retryAfterMs: number;
  constructor(message: string, init: DropboxErrorInit) {
    super(message, init);
    this.retryAfterMs = init.retryAfterMs ?? 1000;
  }
}
export class DropboxTransientError extends DropboxError {
  readonly kind = "transient";
  readonly retryable = true;
}
export class DropboxUnknownOutcomeError extends DropboxError {
  readonly kind = "unknown_outcome";
  /** Retryable only by a caller that reconciles first (or sends a target state). */
  readonly retryable = true;
}

const CLASSES = {
  validation: DropboxValidationError,
  auth: DropboxAuthError,
  rejected: DropboxRejectedError,
  rate_limited: DropboxRateLimitedError,
  transient: DropboxTransientError,
  unknown_outcome: DropboxUnknownOutcomeError,
} as const;

/** What went wrong, as the client saw it. `sent` = the request may have reached the vendor. */
export type Failure =
  | { type: "http"; status: number; tag?: string }
  | { type: "timeout" }
  | { type: "network"; sent: boolean };

interface Rule {
  match: (f: Failure, mutation: boolean) => boolean;
  kind: DropboxErrorKind;
  /** What the client does about it before giving the error to its caller. */
  retry: "never" | "refresh_token_once" | "after_retry_after" | "backoff";
  why: string;
}

const http = (status: number | ((s: number) => boolean), tag?: string) => (f: Failure) =>
  f.type === "http" &&
  (typeof status === "number" ? f.status === status : status(f.status)) &&
  (tag === undefined || f.tag === tag);
const lost = (f: Failure) =>
  f.type === "timeout" || (f.type === "network" && f.sent) || (f.type === "http" && f.status >= 500);

/** THE error table: first match wins. Known 409 tags are listed so the table documents them. */
export const ERROR_TABLE: readonly Rule[] = [
  {
    match: http(400),
    kind: "validation",
    retry: "never",
    why: "bad input (plain text): our bug, never retried",
  },
  {
    match: http(401),
    kind: "auth",
    retry: "refresh_token_once",
    why: "expired or invalid token: refresh once",
  },
  { match: http(403), kind: "auth", retry: "never", why: "the app lacks access" },
  { match: http(429), kind: "rate_limited", retry: "after_retry_after", why: "wait Retry-After (seconds)" },
  ...[
    "invalid_reseller_id",
    "user_on_another_team",
    "reseller_cannot_access_team",
    "invalid_sku",
    "below_minimum_licenses",
    "add_on_conflict",
    "add_on_quantity_mismatch",
    "team_not_active",
    "trial_change_not_allowed",
    "invalid_upgrade_path",
    "operation_window_expired",
    "not_supported_for_product",
    "team_not_retained",
  ].map(
    (tag): Rule => ({ match: http(409, tag), kind: "rejected", retry: "never", why: `route error ${tag}` }),
  ),
  // Clients must tolerate tags they do not know (dropbox-vendor.md): still a refusal.
  { match: http(409), kind: "rejected", retry: "never", why: "unknown route error tag" },
  // A mutation whose answer is lost may have been applied (commit-then-fail, timeouts).
  {
    match: (f, mutation) => mutation && lost(f),
    kind: "unknown_outcome",
    retry: "backoff",
    why: "answer lost",
  },
  { match: lost, kind: "transient", retry: "backoff", why: "5xx, timeout or broken connection on a read" },
  { match: (f) => f.type === "network" && !f.sent, kind: "transient", retry: "backoff", why: "not sent" },
  { match: () => true, kind: "validation", retry: "never", why: "unexpected answer (wrong URL?)" },
];

/**
 * Refusals about the add-ons of a `create` / `change_plan` request, not its plan (D16): the
 * provisioner attributes them to the add-ons the call was adding or changing.
 */
export const ADD_ON_REFUSAL_TAGS: ReadonlySet<string> = new Set([
  "add_on_conflict",
  "add_on_quantity_mismatch",
]);

export function classify(f: Failure, mutation: boolean): Rule {
  return ERROR_TABLE.find((r) => r.match(f, mutation))!;
}

export function toDropboxError(
  f: Failure,
  mutation: boolean,
  init: DropboxErrorInit & { message: string },
): DropboxError {
  const rule = classify(f, mutation);
  return new CLASSES[rule.kind](init.message, init);
}

export const isDropboxError = (e: unknown): e is DropboxError => e instanceof DropboxError;
