import { z } from "zod";
import { LOCKED_ACCOUNT_FIELDS } from "./account-copies.ts";
import type { ContactRow } from "./accounts.repo.ts";
import type { AccountRow, ApiKeyRow, TenantRow, UserRow } from "./tenancy.repo.ts";

/**
 * What the tenancy use cases hand out, and their JSON for the routes. Secrets never leave the
 * module: a user view has no password hash, an API key view has no key hash.
 */

export type UserView = Omit<UserRow, "passwordHash">;
export type ApiKeyView = Omit<ApiKeyRow, "keyHash">;

export function userView(row: UserRow): UserView {
  const { passwordHash: _secret, ...view } = row;
  return view;
}

export function apiKeyView(row: ApiKeyRow): ApiKeyView {
  const { keyHash: _secret, ...view } = row;
  return view;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const AddressJson = z.object({
  line1: z.string().optional(),
  line2: z.string().optional(),
  city: z.string().optional(),
  postalCode: z.string().optional(),
  region: z.string().optional(),
  country: z.string().optional(),
});

export const TenantJson = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  kind: z.enum(["distributor", "tenant_reseller"]),
  parentTenantId: z.string().nullable(),
  parentAccountId: z.string().nullable(),
  currency: z.string(),
  timeZone: z.string(),
  /** R-DOC-02: the seller's legal data on the tenant's documents. */
  address: AddressJson,
  vatId: z.string().nullable(),
  createdAt: z.string(),
});

export function tenantJson(t: TenantRow): z.infer<typeof TenantJson> {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    kind: t.kind as "distributor" | "tenant_reseller",
    parentTenantId: t.parentTenantId,
    parentAccountId: t.parentAccountId,
    currency: t.currency,
    timeZone: t.timeZone,
    address: (t.address ?? {}) as z.infer<typeof AddressJson>,
    vatId: t.vatId,
    createdAt: t.createdAt.toISOString(),
  };
}

/** The Storefront view of an account: no back-office fields (accounting number, tenant links). */
export const StorefrontAccountJson = z.object({
  id: z.string(),
  kind: z.enum(["reseller", "end_customer", "direct_customer"]),
  name: z.string(),
  email: z.string().nullable(),
  address: AddressJson,
  vatId: z.string().nullable(),
  /** The account's language: its emails and the Storefront's dates and money (issue 16). */
  language: z.string(),
  parentAccountId: z.string().nullable(),
  edition: z.enum(["basic", "standard"]).nullable(),
  storefrontAlias: z.string().nullable(),
  orderApproval: z.boolean(),
  /** R-PAY-02: an end customer whose reseller locks Order Approval on (it cannot be switched off). */
  orderApprovalLocked: z.boolean(),
  /** Resellers: how they pay their distributor (R-PAY-02); null for customers. */
  paymentMethod: z.enum(["credit_card", "cash", "deposit"]).nullable(),
  vendorResellerId: z.string().nullable(),
  currency: z.string().nullable(),
  status: z.enum(["active", "inactive"]),
  createdAt: z.string(),
});

export const AccountJson = StorefrontAccountJson.extend({
  tenantId: z.string(),
  accountingNumber: z.string().nullable(),
  representsTenantId: z.string().nullable(),
  /** A copy of a tenant reseller's customer (issue 6): the tenant managing it; its locked fields. */
  managedByTenantId: z.string().nullable(),
  sourceAccountId: z.string().nullable(),
  lockedFields: z.array(z.string()),
  updatedAt: z.string(),
});

export function storefrontAccountJson(a: AccountRow): z.infer<typeof StorefrontAccountJson> {
  return {
    id: a.id,
    kind: a.kind as z.infer<typeof StorefrontAccountJson>["kind"],
    name: a.name,
    email: a.email,
    address: (a.address ?? {}) as z.infer<typeof AddressJson>,
    vatId: a.vatId,
    language: a.language,
    parentAccountId: a.parentAccountId,
    edition: a.edition as "basic" | "standard" | null,
    storefrontAlias: a.storefrontAlias,
    orderApproval: a.orderApproval,
    orderApprovalLocked: a.orderApprovalLocked,
    paymentMethod: a.paymentMethod as "credit_card" | "cash" | "deposit" | null,
    vendorResellerId: a.vendorResellerId,
    currency: a.currency,
    status: a.status as "active" | "inactive",
    createdAt: a.createdAt.toISOString(),
  };
}

export function accountJson(a: AccountRow): z.infer<typeof AccountJson> {
  return {
    ...storefrontAccountJson(a),
    tenantId: a.tenantId,
    accountingNumber: a.accountingNumber,
    representsTenantId: a.representsTenantId,
    managedByTenantId: a.managedByTenantId,
    sourceAccountId: a.sourceAccountId,
    lockedFields: a.managedByTenantId ? [...LOCKED_ACCOUNT_FIELDS, "currency"] : [],
    updatedAt: a.updatedAt.toISOString(),
  };
}

export const ContactJson = z.object({
  id: z.string(),
  accountId: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  isPrimary: z.boolean(),
  createdAt: z.string(),
});

export function contactJson(c: ContactRow): z.infer<typeof ContactJson> {
  return {
    id: c.id,
    accountId: c.accountId,
    name: c.name,
    email: c.email,
    phone: c.phone,
    isPrimary: c.isPrimary,
    createdAt: c.createdAt.toISOString(),
  };
}

export const UserJson = z.object({
  id: z.string(),
  tenantId: z.string(),
  accountId: z.string().nullable(),
  email: z.string(),
  name: z.string(),
  role: z.enum(["admin", "clerk", "viewer", "storefront_admin", "storefront_user"]),
  disabled: z.boolean(),
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
});

export function userJson(u: UserView): z.infer<typeof UserJson> {
  return {
    id: u.id,
    tenantId: u.tenantId,
    accountId: u.accountId,
    email: u.email,
    name: u.name,
    role: u.role as z.infer<typeof UserJson>["role"],
    disabled: u.disabledAt !== null,
    disabledAt: iso(u.disabledAt),
    createdAt: u.createdAt.toISOString(),
  };
}

export const ApiKeyJson = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: z.enum(["admin", "clerk", "viewer"]),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export function apiKeyJson(k: ApiKeyView): z.infer<typeof ApiKeyJson> {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    role: k.role as "admin" | "clerk" | "viewer",
    createdBy: k.createdBy,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: iso(k.lastUsedAt),
    revokedAt: iso(k.revokedAt),
  };
}

/** `{ items, total, limit, offset }` (ARCHITECTURE.md "Lists"). */
export function pageJson<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}
