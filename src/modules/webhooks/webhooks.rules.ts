import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { BlockList, isIP } from "node:net";

/**
 * Pure rules of webhooks (issue 15.5): the event types, the Standard Webhooks signature, the
 * secret format, the retry schedule and which addresses a delivery may reach.
 */

export const WEBHOOK_EVENT_TYPES = [
  "order.executed",
  "subscription.changed",
  "document.issued",
  "payment.recorded",
  "provisioning.failed",
  "cancellation_request.created",
  "cancellation_request.decided",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What each event type means (the back office and the API list them). */
export const EVENT_TYPE_DESCRIPTIONS: Record<WebhookEventType, string> = {
  "order.executed": "An order was executed: its lines became subscriptions",
  "subscription.changed": "A subscription changed (created, quantity, status, plan, sync…); with its history",
  "document.issued": "An invoice or credit note was issued",
  "payment.recorded": "A payment was recorded against a document",
  "provisioning.failed": "The vendor refused a change of a subscription or of an add-on",
  "cancellation_request.created": "A customer asked to cancel (a request waiting for a decision)",
  "cancellation_request.decided":
    "A cancellation request was approved, rejected or withdrawn by the customer (see its status)",
};

// ---- secrets and signatures (https://www.standardwebhooks.com) ----------------------------

export const SECRET_PREFIX = "whsec_";

/** A new signing secret: `whsec_` + base64 of 32 random bytes (the spec asks for 24–64). */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString("base64")}`;
}

/** The HMAC key: the base64-decoded part after `whsec_`. */
export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new TypeError("a webhook secret starts with whsec_");
  return Buffer.from(secret.slice(SECRET_PREFIX.length), "base64");
}

/** `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)). */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac("sha256", secretKey(secret)).update(`${id}.${timestampSeconds}.${body}`).digest();
  return `v1,${mac.toString("base64")}`;
}

/** True when one of the space-separated `v1,…` signatures matches (constant-time compare). */
export function verifyWebhook(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  body: string,
): boolean {
  const expected = Buffer.from(signWebhook(secret, headers.id, Number(headers.timestamp), body));
  return headers.signature.split(" ").some((candidate) => {
    const got = Buffer.from(candidate);
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

// ---- retries -------------------------------------------------------------------------------

/**
 * Delays after each failed attempt (the schedule the Standard Webhooks reference suggests):
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — eight attempts over about 27.6 hours, then the
 * delivery is failed. Each attempt is its own outbox job scheduled at its time, so this schedule
 * does not depend on the outbox's own backoff (which caps at 10 minutes).
 */
export const RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
] as const;
export const MAX_DELIVERY_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** The delay before the next attempt after attempt `attempt` (1-based) failed; null = give up. */
export function retryDelayMs(attempt: number): number | null {
  return RETRY_DELAYS_MS[attempt - 1] ?? null;
}

/** A 2xx is success; anything else (3xx included: redirects are not followed) is a failure. */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

// ---- addresses -----------------------------------------------------------------------------

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], // "this network", 0.0.0.0
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT (and Alibaba's metadata 100.100.100.200)
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata 169.254.169.254
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local (AWS metadata fd00:ec2::254)
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
] as const)
  blocked.addSubnet(net, prefix, "ipv6");

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 becomes two groups). */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(2).map(Number) as [number, number, number, number];
    text = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const part = (h: string) => (h === "" ? [] : h.split(":").map((g) => Number.parseInt(g, 16)));
  const head = part(halves[0]!);
  const tail = halves.length === 2 ? part(halves[1]!) : [];
  const groups =
    halves.length === 2 ? [...head, ...Array(8 - head.length - tail.length).fill(0), ...tail] : head;
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : undefined;
}

/**
 * The IPv4 address embedded in an IPv6 address, if any: IPv4-mapped (::ffff:0:0/96),
 * IPv4-compatible (::/96), IPv4-translated (::ffff:0:0:0/96), NAT64 (64:ff9b::/96) and 6to4
 * (2002::/16) — whatever way the address is written.
 */
function embeddedIpv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  if (!g) return undefined;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!);
  if (zero(0, 5) && g[5] === 0xffff) return v4(g[6]!, g[7]!);
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return v4(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return v4(g[6]!, g[7]!);
  // IPv4-compatible; :: and ::1 stay with the IPv6 list (unspecified, loopback)
  if (zero(0, 6) && (g[6] !== 0 || g[7]! > 1)) return v4(g[6]!, g[7]!);
  return undefined;
}

/**
 * True for an address a webhook may be sent to: not private, loopback, link-local, CGNAT,
 * multicast, reserved or a cloud metadata address (IPv4-mapped IPv6 is judged by its IPv4).
 */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 4) return !blocked.check(address, "ipv4");
  const v4 = embeddedIpv4(address);
  if (v4 !== undefined) return isIP(v4) === 4 && !blocked.check(v4, "ipv4");
  return !blocked.check(address, "ipv6");
}
