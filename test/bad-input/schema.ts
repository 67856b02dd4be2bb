import { TEST_PASSWORD, unique } from "../factories.ts";

/**
 * Values from the OpenAPI document's JSON schemas (as fastify-type-provider-zod writes them:
 * OpenAPI 3.0 flavour, `nullable`, boolean `exclusiveMinimum`): a valid sample for a field, and
 * whether a value is certainly refused by the schema (used only to batch requests; a wrong
 * guess costs a re-run, never a missed check).
 */
export interface JsonSchema {
  type?: string;
  enum?: unknown[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  default?: unknown;
}

/** Ids of the world, picked by field or path-segment name. */
export type Ids = Record<string, string>;

/** The branch of a oneOf/anyOf a sample uses: the first that is not null. */
export function branch(s: JsonSchema): JsonSchema {
  const options = s.oneOf ?? s.anyOf;
  if (!options) return s;
  const chosen = options.find((o) => o.type !== "null") ?? options[0]!;
  return { ...branch(chosen), nullable: s.nullable || options.some((o) => o.type === "null") };
}

/** Every branch of a oneOf/anyOf (but null), each resolved; the schema itself otherwise. */
export function branches(s: JsonSchema): JsonSchema[] {
  const options = s.oneOf ?? s.anyOf;
  if (!options) return [s];
  return options.filter((o) => o.type !== "null").flatMap(branches);
}

/** A branch's name: its discriminator (`kind=new`), else its position. */
export function branchTag(s: JsonSchema, index: number): string {
  for (const [k, v] of Object.entries(s.properties ?? {}))
    if (v.enum?.length === 1 && s.required?.includes(k)) return `${k}=${String(v.enum[0])}`;
  return `#${index + 1}`;
}

const DATE_NAME = /^(date|from|to|startFrom|startTo|[a-z]+Date|[a-z]+On)$/;
/** Date inputs are strings refined in zod (DateString); the document shows a bare string. */
export function isDateField(name: string, s: JsonSchema): boolean {
  return s.type === "string" && DATE_NAME.test(name) && !s.enum && !s.pattern && s.maxLength === undefined;
}

export function isRecord(s: JsonSchema): boolean {
  return s.type === "object" && !s.properties && typeof s.additionalProperties === "object";
}

/** The id a field named `name` (inside `parent`) refers to, if the world has one. */
function idFor(name: string, ids: Ids, parent: string): string | undefined {
  if (parent === "addons" && name === "productId") return ids.addonProductId;
  const table: Record<string, string | undefined> = {
    accountId: ids.customerA1,
    parentAccountId: ids.resellerA,
    resellerAccountId: ids.resellerA,
    ownerAccountId: ids.resellerB,
    productId: ids.productId,
    productIds: ids.productId,
    paidProductId: ids.productId,
    fromProductId: ids.productId,
    toProductId: ids.upgradeProductId,
    targetProductId: ids.upgradeProductId,
    addonProductIds: ids.addonProductId,
    noProrationProductIds: ids.productId,
    productTypeId: ids.productTypeId,
    priceListId: ids.priceListId,
    productGroupId: ids.productGroupId,
    responsibleUserId: ids.adminUserId,
    billToContactId: ids.contactId,
    contactId: ids.contactId,
    addonId: ids.addonId,
    sourceId: ids.subscriptionId,
  };
  if (name in table) return table[name];
  return /Ids?$/.test(name) ? "zz_unknown_id" : undefined;
}

function patternSample(pattern: string): string {
  const re = new RegExp(pattern);
  const rand = Math.random().toString(36).slice(2, 10).replace(/^\d+/, "");
  const candidates = ["EUR", "DE", "R-ABC-01", "10.00", `bi${rand}`, `bi_${rand}`, `bi-${rand}`, "abc"];
  return candidates.find((c) => re.test(c)) ?? "abc";
}

function stringSample(name: string, s: JsonSchema, ids: Ids, parent: string): string {
  const id = idFor(name, ids, parent);
  if (id) return id;
  if (isDateField(name, s)) return "2026-01-15"; // the test clock's today
  if (s.pattern) return patternSample(s.pattern);
  const lower = name.toLowerCase();
  if (lower === "adminemail") return `${unique("admin")}@team.test`;
  if (lower.includes("email") || (name === "to" && (s.maxLength ?? 0) >= 100))
    return `${unique("bi")}@example.test`;
  if (lower === "password") return TEST_PASSWORD;
  if (name === "timeZone") return "Europe/Berlin";
  if (name === "vendor") return "dropbox";
  if (name === "unitPrice") return "12.00";
  if (name === "currency") return "EUR";
  if (name === "alias") return ids.alias!;
  const text = "Bad input";
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? Number.POSITIVE_INFINITY;
  return text.length >= min && text.length <= max ? text : "x".repeat(Math.max(min, 1));
}

export function bounds(s: JsonSchema): { lo: number; hi: number } {
  let lo = s.minimum ?? Number.NEGATIVE_INFINITY;
  if (s.exclusiveMinimum === true) lo = lo + (s.type === "integer" ? 1 : Number.EPSILON);
  else if (typeof s.exclusiveMinimum === "number") lo = s.exclusiveMinimum + 1;
  return { lo, hi: s.maximum ?? Number.POSITIVE_INFINITY };
}

/**
 * A valid value for the field `name` (enums: the first value; ids: real ids; numbers: within
 * bounds). Objects get every field, except the top level of a body (`requiredOnly`): optional
 * fields there are sent one at a time by the variants, so they cannot refuse each other
 * ("either productId or productGroupId").
 */
export function sample(raw: JsonSchema, name: string, ids: Ids, parent = "", requiredOnly = false): unknown {
  const s = branch(raw);
  if (name === "edition" && s.enum?.includes("standard")) return "standard"; // a Storefront needs it
  if (s.enum) return s.enum[0];
  switch (s.type) {
    case "string":
      return stringSample(name, s, ids, parent);
    case "integer":
    case "number": {
      const { lo, hi } = bounds(s);
      return Math.min(Math.max(1, lo), hi);
    }
    case "boolean":
      return false;
    case "array": {
      const n = Math.max(1, s.minItems ?? 0);
      return Array.from({ length: n }, () => sample(s.items ?? {}, name, ids, parent));
    }
    case "object": {
      // R-ORD-06: Dropbox orders need the reseller id and the team admin's email.
      if (name === "serviceDetails" && isRecord(s))
        return { resellerId: "RS-1", adminEmail: `${unique("admin")}@team.test` };
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {}))
        if (!requiredOnly || s.required?.includes(k)) out[k] = sample(v, k, ids, name);
      if (isRecord(s)) {
        const keys = s.required?.length ? s.required : ["k"];
        for (const k of keys) out[k] = sample(s.additionalProperties as JsonSchema, k, ids, name);
      }
      return out;
    }
    default:
      return "Bad input";
  }
}

/** Whether `value` is certainly refused by the schema (false when unsure). */
export function refusedBySchema(raw: JsonSchema, value: unknown): boolean {
  if (value === undefined) return false;
  if (value === null) return !(raw.nullable || (raw.oneOf ?? raw.anyOf ?? []).some((o) => o.type === "null"));
  const options = raw.oneOf ?? raw.anyOf;
  if (options) return options.every((o) => refusedBySchema({ ...o, nullable: raw.nullable }, value));
  const s = raw;
  if (s.enum) return !s.enum.includes(value);
  switch (s.type) {
    case "string":
      if (typeof value !== "string") return true;
      if (s.maxLength !== undefined && [...value].length > s.maxLength) return true;
      if (s.minLength !== undefined && [...value].length < s.minLength) return true;
      return s.pattern !== undefined && !new RegExp(s.pattern).test(value);
    case "integer":
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) return true;
      if (s.type === "integer" && !Number.isInteger(value)) return true;
      const { lo, hi } = bounds(s);
      return value < lo || value > hi;
    }
    case "boolean":
      return typeof value !== "boolean";
    case "array":
      return !Array.isArray(value) || (s.maxItems !== undefined && value.length > s.maxItems);
    case "object":
      return typeof value !== "object" || Array.isArray(value);
    default:
      return false;
  }
}

/** A value of another JSON type than the schema's. */
export function wrongType(raw: JsonSchema): unknown {
  const s = branch(raw);
  switch (s.type) {
    case "string":
      return 123;
    case "integer":
    case "number":
      return "abc";
    case "boolean":
      return "yes";
    case "array":
      return { not: "an array" };
    case "object":
      return "not an object";
    default:
      return [[]];
  }
}
