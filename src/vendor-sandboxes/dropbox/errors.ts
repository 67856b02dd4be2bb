/**
 * The two ways the vendor refuses a request (dropbox-vendor.md): a route error (HTTP 409 with a
 * tag the client branches on, sometimes a user message to show as is) and bad input (HTTP 400,
 * plain text, never worth retrying).
 */
export class RouteError extends Error {
  readonly tag: string;
  readonly userMessage: string | undefined;
  readonly extra: Record<string, unknown>;
  constructor(tag: string, userMessage?: string, extra: Record<string, unknown> = {}) {
    super(userMessage ?? tag);
    this.tag = tag;
    this.userMessage = userMessage;
    this.extra = extra;
  }
}

export class BadInput extends Error {}

/** The user messages the vendor sends verbatim (R-EXT-03 shows them to the BSS user). */
export const USER_MESSAGES = {
  user_on_another_team: "User is Already on Another Team",
  reseller_cannot_access_team: "Reseller Cannot Access This Team",
} as const;

export const cannotAccessTeam = () =>
  new RouteError("reseller_cannot_access_team", USER_MESSAGES.reseller_cannot_access_team);
export const userOnAnotherTeam = () =>
  new RouteError("user_on_another_team", USER_MESSAGES.user_on_another_team);

/** Dropbox's error body: the summary is for humans, clients branch on `error[".tag"]`. */
export function routeErrorBody(e: RouteError): Record<string, unknown> {
  const body: Record<string, unknown> = {
    error_summary: `${e.tag}/...`,
    error: { ".tag": e.tag, ...e.extra },
  };
  if (e.userMessage) body.user_message = { text: e.userMessage, locale: "en" };
  return body;
}
