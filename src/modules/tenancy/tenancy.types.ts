import { z } from "zod";
import { type Page, Paging } from "../../shared/paging.ts";

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
/**
 * R-PAY-02: how a reseller pays its distributor. A reseller created without one pays by Cash
 * (the seeds name no default; Cash locks nothing, so existing Order Approval choices stand).
 */
export const PAYMENT_METHODS = ["credit_card", "cash", "deposit"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const DEFAULT_PAYMENT_METHOD: PaymentMethod = "cash";
export const ACCOUNT_STATUSES = ["active", "inactive"] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const Channel = z.enum(["bss", "storefront"]);
export type Channel = z.infer<typeof Channel>;

/** Role order for "at least" checks: admin > clerk > viewer. */
export function hasBssRole(actor: BssActor, atLeast: BssRole): boolean {
  const rank: Record<BssRole, number> = { viewer: 0, clerk: 1, admin: 2 };
  return rank[actor.role] >= rank[atLeast];
}

// ---- field schemas shared by the inputs below ----

/**
 * Slugs (tenant slug, Storefront alias) are lowercase because they appear in URLs
 * (/store/<alias>) and are unique installation-wide; uppercase is refused rather than folded so
 * that what the user typed is what the URL shows. A subset of the DB check `accounts_alias_ck`.
 */
export const Slug = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/,
    "Use 2–40 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
  );
export const Email = z.string().trim().max(320).pipe(z.email("Not a valid email address"));
export const Name = z.string().trim().min(1, "Must not be empty").max(200);
/** ISO 4217 code; null on an account means "the tenant's currency". */
export const Currency = z.string().regex(/^[A-Z]{3}$/, "Use a three-letter ISO 4217 code such as EUR");
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, "Not a known IANA time zone (e.g. Europe/Athens)");
/** NIST SP 800-63B: length matters more than composition rules; the rest of the policy (repeats,
 * digits only, common passwords, the user's email or name) is password-policy.ts, in the use cases. */
export const Password = z.string().min(10, "Use at least 10 characters").max(200);
export const Address = z.strictObject({
  line1: z.string().trim().max(200).optional(),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().max(100).optional(),
  postalCode: z.string().trim().max(20).optional(),
  region: z.string().trim().max(100).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "Use a two-letter ISO 3166 code such as GR")
    .optional(),
});
export type Address = z.infer<typeof Address>;
const OptionalText = (max: number) => z.string().trim().min(1).max(max);
/** A VAT identification number as printed on invoices (R-DOC-02), e.g. "EL123456789". */
/**
 * The language an account reads: its emails' catalogue and the locale of dates and money in the
 * Storefront and its emails (a BCP 47 tag: "en", "de", "de-AT"; "en" by default).
 */
export const Language = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, "a language tag such as en, de or de-AT");

export const VatId = z
  .string()
  .trim()
  .min(2)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 .\-/]*$/, "Use letters, digits, spaces, dots, dashes or slashes");

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

// ---- lists ----

export { type Page, Paging };

export const ACCOUNT_SORTS = ["name", "-name", "createdAt", "-createdAt", "kind", "-kind"] as const;
export const ListAccountsQuery = z.strictObject({
  ...Paging,
  sort: z.enum(ACCOUNT_SORTS).default("name"),
  kind: z.enum(ACCOUNT_KINDS).optional(),
  parentAccountId: z.string().min(1).optional(),
  status: z.enum(ACCOUNT_STATUSES).optional(),
  q: z.string().trim().min(1).max(200).optional(),
});
export type ListAccountsQuery = z.input<typeof ListAccountsQuery>;

export const ListPageQuery = z.strictObject({ ...Paging });
export type ListPageQuery = z.input<typeof ListPageQuery>;

export const ListUsersQuery = z.strictObject({
  ...Paging,
  accountId: z.string().min(1).optional(),
  area: z.enum(["bss", "storefront"]).optional(),
  q: z.string().trim().min(1).max(200).optional(),
});
export type ListUsersQuery = z.input<typeof ListUsersQuery>;

// ---- accounts ----

export const AccountIdInput = z.strictObject({ accountId: z.string().min(1) });
export type AccountIdInput = z.input<typeof AccountIdInput>;

/** Fields every account kind may carry. */
const accountCommon = {
  name: Name,
  email: Email.optional(),
  address: Address.optional(),
  accountingNumber: OptionalText(100).optional(),
  vatId: VatId.optional(),
  language: Language.optional(),
  orderApproval: z.boolean().optional(), // R-ORD-09: on by default
  vendorResellerId: OptionalText(100).optional(), // R-ORD-06 "Reseller ID" service detail
  currency: Currency.optional(),
};

export const CreateAccountInput = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("reseller"),
    edition: z.enum(RESELLER_EDITIONS),
    storefrontAlias: Slug.optional(), // Standard Edition only (checked in createAccount)
    paymentMethod: z.enum(PAYMENT_METHODS).optional(), // R-PAY-02; default cash
    ...accountCommon,
  }),
  z.strictObject({
    kind: z.literal("end_customer"),
    parentAccountId: z.string().min(1),
    ...accountCommon,
  }),
  z.strictObject({ kind: z.literal("direct_customer"), ...accountCommon }),
]);
export type CreateAccountInput = z.input<typeof CreateAccountInput>;

/** null clears an optional field; an omitted field stays as it is. */
export const UpdateAccountInput = z.strictObject({
  name: Name.optional(),
  email: Email.nullable().optional(),
  address: Address.optional(),
  accountingNumber: OptionalText(100).nullable().optional(),
  vatId: VatId.nullable().optional(),
  language: Language.optional(),
  orderApproval: z.boolean().optional(),
  edition: z.enum(RESELLER_EDITIONS).optional(),
  paymentMethod: z.enum(PAYMENT_METHODS).optional(), // resellers only (R-PAY-02)
  storefrontAlias: Slug.nullable().optional(),
  vendorResellerId: OptionalText(100).nullable().optional(),
  currency: Currency.nullable().optional(),
  status: z.enum(ACCOUNT_STATUSES).optional(),
});
export type UpdateAccountInput = z.input<typeof UpdateAccountInput>;

/** R-DOC-02: the tenant's legal data printed as the seller on its documents; null clears the VAT ID. */
export const UpdateCompanyDetailsInput = z.strictObject({
  address: Address.optional(),
  vatId: VatId.nullable().optional(),
});
export type UpdateCompanyDetailsInput = z.input<typeof UpdateCompanyDetailsInput>;

/** R-ORD-11: a reseller creates an end customer from its Storefront (at checkout or ahead). */
export const CreateStorefrontCustomerInput = z.strictObject({
  name: Name,
  email: Email.optional(),
  address: Address.optional(),
  vatId: VatId.optional(),
  language: Language.optional(),
  orderApproval: z.boolean().optional(),
  vendorResellerId: OptionalText(100).optional(),
});
export type CreateStorefrontCustomerInput = z.input<typeof CreateStorefrontCustomerInput>;

/** R-PAY-02: a reseller's Storefront user switches one of its customers' Order Approval. */
export const UpdateStorefrontCustomerInput = z.strictObject({ orderApproval: z.boolean() });
export type UpdateStorefrontCustomerInput = z.input<typeof UpdateStorefrontCustomerInput>;

// ---- contacts ----

export const AddContactInput = z.strictObject({
  name: Name,
  email: Email,
  phone: OptionalText(40).optional(),
  isPrimary: z.boolean().optional(),
});
export type AddContactInput = z.input<typeof AddContactInput>;

export const UpdateContactInput = z.strictObject({
  name: Name.optional(),
  email: Email.optional(),
  phone: OptionalText(40).nullable().optional(),
  isPrimary: z.boolean().optional(),
});
export type UpdateContactInput = z.input<typeof UpdateContactInput>;

// ---- users and API keys ----

export const CreateUserInput = z.strictObject({
  email: Email,
  name: Name,
  password: Password,
  role: z.enum([...BSS_ROLES, ...STOREFRONT_ROLES]),
  accountId: z.string().min(1).optional(), // set = a Storefront user of that account
});
export type CreateUserInput = z.input<typeof CreateUserInput>;

export const UpdateUserInput = z.strictObject({
  name: Name.optional(),
  role: z.enum([...BSS_ROLES, ...STOREFRONT_ROLES]).optional(),
  disabled: z.boolean().optional(),
});
export type UpdateUserInput = z.input<typeof UpdateUserInput>;

export const CreateApiKeyInput = z.strictObject({
  name: Name,
  role: z.enum(BSS_ROLES).default("admin"),
});
export type CreateApiKeyInput = z.input<typeof CreateApiKeyInput>;

// ---- tenants ----

export const AdminInput = z.strictObject({ email: Email, name: Name, password: Password });

export const BootstrapDistributorInput = z.strictObject({
  name: Name,
  slug: Slug,
  currency: Currency.optional(),
  timeZone: TimeZone.optional(),
  admin: AdminInput,
});
export type BootstrapDistributorInput = z.input<typeof BootstrapDistributorInput>;

/**
 * A tenant reseller gets its own BSS (a tenant) and is represented in the distributor's BSS by
 * a reseller account; the account fields describe that account.
 */
export const CreateTenantResellerInput = z.strictObject({
  name: Name,
  slug: Slug,
  currency: Currency.optional(), // default: the distributor's
  timeZone: TimeZone.optional(), // default: the distributor's
  edition: z.enum(RESELLER_EDITIONS).default("standard"),
  paymentMethod: z.enum(PAYMENT_METHODS).optional(), // R-PAY-02; default cash
  storefrontAlias: Slug.optional(),
  email: Email.optional(),
  accountingNumber: OptionalText(100).optional(),
  vendorResellerId: OptionalText(100).optional(),
  admin: AdminInput,
});
export type CreateTenantResellerInput = z.input<typeof CreateTenantResellerInput>;
