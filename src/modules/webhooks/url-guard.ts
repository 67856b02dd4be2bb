import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { isPublicAddress } from "./webhooks.rules.ts";

/**
 * Where a webhook may go (issue 15.5, SSRF): https only, no credentials in the URL, and a host
 * that resolves only to public addresses — checked when the endpoint is saved AND at every
 * delivery (against DNS rebinding), and the delivery connects to the very address checked.
 * The sandbox (manual) clock allows http and any address, so a local receiver works in the demo
 * and the tests.
 */

export type ClockKind = Clock["kind"];

/** The URL's problem, or null when its form is acceptable (no DNS here). */
export function urlFormProblem(raw: string, clock: ClockKind): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an https URL";
  if (url.protocol === "http:" && clock !== "manual")
    return "must be an https URL (http is allowed only with the sandbox clock)";
  if (url.username || url.password) return "must not contain a user name or password";
  if (url.hash) return "must not contain a fragment (#…)";
  if (!url.hostname) return "must name a host";
  return null;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Why a resolved host is refused; thrown by resolveDeliveryAddress. */
export class AddressRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AddressRefused";
  }
}

/** The URL's hostname as DNS and isIP see it (IPv6 literals lose their brackets). */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/**
 * Resolves the URL's host (every address it has) and returns the one to connect to. With the
 * system clock every address must be public; a refused host throws AddressRefused.
 */
export async function resolveDeliveryAddress(url: URL, clock: ClockKind): Promise<ResolvedAddress> {
  const host = hostOf(url);
  const literal = isIP(host);
  const addresses: ResolvedAddress[] =
    literal !== 0
      ? [{ address: host, family: literal as 4 | 6 }]
      : (await lookup(host, { all: true, verbatim: true })).map((a) => ({
          address: a.address,
          family: a.family as 4 | 6,
        }));
  if (addresses.length === 0) throw new AddressRefused(`${host} has no address`);
  if (clock !== "manual") {
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused)
      throw new AddressRefused(
        `${host} resolves to ${refused.address}, a private, loopback, link-local or reserved address`,
      );
  }
  return addresses[0]!;
}

/**
 * At creation/update: the URL as stored (normalised by the URL parser: lowercase scheme and host,
 * percent-encoding — what deliveries request), or a 400 naming `url` when its form or its host is
 * refused.
 */
export async function assertEndpointUrl(raw: string, clock: ClockKind): Promise<string> {
  const form = urlFormProblem(raw, clock);
  if (form) throw urlError(form);
  const url = new URL(raw);
  if (url.href.length > 2000) throw urlError("must be at most 2000 characters once encoded");
  if (clock === "manual") return url.href; // the sandbox accepts any host, resolvable or not (a receiver started later)
  try {
    await resolveDeliveryAddress(url, clock);
  } catch (e) {
    if (e instanceof AddressRefused) throw urlError(`is refused: ${e.message}`);
    throw urlError(`cannot be resolved: ${(e as Error).message}`);
  }
  return url.href;
}

function urlError(message: string): AppError {
  return new AppError("validation_failed", `Invalid input — url: ${message}`, {
    issues: [{ path: "url", message }],
  });
}
