import { randomBytes } from "node:crypto";

/**
 * Prefixed, time-ordered ids generated in TypeScript (PostgreSQL 15 has no uuidv7()):
 * `<prefix>_` + 10 chars of millisecond time + 14 random chars, Crockford base32, sortable.
 */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export type IdPrefix =
  | "ten"
  | "att"
  | "prm"
  | "crq"
  | "acc"
  | "con"
  | "usr"
  | "ses"
  | "lga"
  | "key"
  | "pty"
  | "prd"
  | "upg"
  | "exs"
  | "prl"
  | "ple"
  | "pgr"
  | "ppt"
  | "pub"
  | "smi"
  | "run"
  | "job"
  | "ord"
  | "oln"
  | "sub"
  | "his"
  | "inv"
  | "lin"
  | "crn"
  | "pay"
  | "pal"
  | "chg"
  | "msg"
  | "req"
  | "evt"
  | "add"
  | "sch"
  | "bat"
  | "bit"
  | "brn"
  | "clk"
  // webhooks: endpoint, event (the webhook-id), delivery, attempt
  | "whe"
  | "whm"
  | "whd"
  | "wha";

export interface IdGenerator {
  next(prefix: IdPrefix): string;
}

function encodeTime(ms: number): string {
  let out = "";
  let t = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

function encodeRandom(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % 32];
  return out;
}

export function randomIds(now: () => number = Date.now): IdGenerator {
  return { next: (prefix) => `${prefix}_${encodeTime(now())}${encodeRandom(14)}` };
}

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${encodeTime(Date.now())}${encodeRandom(14)}`;
}

export function hasPrefix(id: string, prefix: IdPrefix): boolean {
  return id.startsWith(`${prefix}_`) && id.length === prefix.length + 25;
}
