import { z } from "zod";

export const BSS_ROLES = ["admin", "clerk", "viewer"] as const;
export const STOREFRONT_ROLES = ["storefront_admin", "storefront_user"] as const;
export type BssRole = (typeof BSS_ROLES)[number];
export type StorefrontRole = (typeof STOREFRONT_ROLES)[number];

/** Who is acting. Every use case receives one; every query is scoped by it. */
export type Actor = BssActor | StorefrontActor;

export interface BssActor {
  kind: "bss";
  tenantId: string;
  userId: string | null; // null for an API key
  apiKeyId: string | null;
  role: BssRole;
  email: string | null;
}

export interface StorefrontActor {
  kind: "storefront";
  tenantId: string;
  userId: string;
  accountId: string;
  accountKind: AccountKind;
  role: StorefrontRole;
  email: string;
}

export const ACCOUNT_KINDS = ["reseller", "end_customer", "direct_customer"] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];
export const RESELLER_EDITIONS = ["basic", "standard"] as const;
export type ResellerEdition = (typeof RESELLER_EDITIONS)[number];

export const Channel = z.enum(["bss", "storefront"]);
export type Channel = z.infer<typeof Channel>;

/** Role order for "at least" checks: admin > clerk > viewer. */
export function hasBssRole(actor: BssActor, atLeast: BssRole): boolean {
  const rank: Record<BssRole, number> = { viewer: 0, clerk: 1, admin: 2 };
  return rank[actor.role] >= rank[atLeast];
}
