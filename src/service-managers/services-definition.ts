import { z } from "zod";

/**
 * A services definition: a vendor's catalogue and its policies as plain data (DESIGN.md
 * "Rules are data"). The catalog module installs it (Get Services Definition, R-CAT-01);
 * orders and subscriptions evaluate the policies with pure functions — no module ever
 * branches on the vendor. Every policy names the rule (R-…) it implements.
 */

export const Term = z.enum(["MCMB", "AC1M", "AC1Y"]);
export type Term = z.infer<typeof Term>;
export const BillingPlan = z.enum(["monthly", "one_off"]);
export type BillingPlan = z.infer<typeof BillingPlan>;
export const ChannelName = z.enum(["bss", "storefront"]);
const RuleCode = z.string().regex(/^R-[A-Z]{3}-\d{2}$/);

/** Ordered change rules, first match wins (Kill Bill's catalog rules are the model). */
export const ChangeAction = z.enum([
  "increase", // more licences
  "decrease", // fewer licences (a partial cancellation of licences, R-QTY-02)
  "upgrade",
  "downgrade",
  "cancel", // immediate or specific date
  "cancel_end_of_period",
  "suspend",
  "resume",
  "addon_add",
  "addon_cancel",
  "addon_quantity",
]);
export type ChangeAction = z.infer<typeof ChangeAction>;
export const ChangeOutcome = z.enum(["IMMEDIATE", "END_OF_TERM", "ILLEGAL"]);
export type ChangeOutcome = z.infer<typeof ChangeOutcome>;

export const ChangeRule = z.strictObject({
  action: ChangeAction,
  /** Conditions; an omitted condition matches anything. */
  channel: ChannelName.optional(),
  terms: z.array(Term).optional(),
  /** Inside the change window (days after the executed order or the last renewal, D6). */
  withinWindow: z.boolean().optional(),
  /** Applies to trial subscriptions (true) or paid ones (false). */
  trial: z.boolean().optional(),
  outcome: ChangeOutcome,
  code: RuleCode,
  message: z.string().optional(),
});
export type ChangeRule = z.infer<typeof ChangeRule>;

export const AddonRule = z.discriminatedUnion("kind", [
  /** At most one of these add-ons active on a subscription (R-ORD-03). */
  z.strictObject({
    kind: z.literal("at_most_one_of"),
    skus: z.array(z.string()).min(2),
    code: RuleCode,
    message: z.string(),
  }),
  /** These add-ons never together on one subscription (R-SGN-03). */
  z.strictObject({
    kind: z.literal("never_together"),
    skus: z.array(z.string()).min(2),
    code: RuleCode,
    message: z.string(),
  }),
  /** These add-ons need at least `min` seats on the subscription (R-SGN-02). */
  z.strictObject({
    kind: z.literal("seat_minimum"),
    skus: z.array(z.string()).min(1),
    min: z.number().int().positive(),
    code: RuleCode,
    message: z.string(),
  }),
  /** Add-on quantity always equals the subscription quantity (R-SGN-04), per channel. */
  z.strictObject({
    kind: z.literal("quantity_tied_to_parent"),
    onMismatch: z.strictObject({
      bss: z.enum(["raise_with_parent", "refuse"]),
      storefront: z.enum(["raise_with_parent", "refuse"]),
    }),
    code: RuleCode,
    message: z.string(),
  }),
  /** Add-on quantities cannot be edited once ordered (R-ORD-04). */
  z.strictObject({ kind: z.literal("quantity_fixed"), code: RuleCode, message: z.string() }),
  /** Holding one of these add-ons blocks any upgrade until it is cancelled (R-UPG-03). */
  z.strictObject({
    kind: z.literal("blocks_upgrade"),
    skus: z.array(z.string()).min(1),
    code: RuleCode,
    message: z.string(),
  }),
  /** Cancelling (or reducing) the base cancels (or reduces) these add-ons with it (R-SGN-08). */
  z.strictObject({
    kind: z.literal("follow_parent_cancellation"),
    partialCancelAllowed: z.boolean(),
    code: RuleCode,
    message: z.string(),
  }),
]);
export type AddonRule = z.infer<typeof AddonRule>;

export const ProductTypePolicies = z.strictObject({
  /** Allowed billing plans per term, with the refusal shown otherwise (R-ORD-05). */
  billingPlans: z.record(
    Term,
    z.strictObject({ allowed: z.array(BillingPlan).min(1), code: RuleCode, message: z.string() }),
  ),
  /** One active plan per team-admin email (R-ORD-02); the admin email is a service detail. */
  oneActivePlanPerAdminEmail: z.strictObject({ enabled: z.boolean(), code: RuleCode, message: z.string() }),
  /** Service details asked at checkout; `firstOrderOnly` = only for an account's first order (R-ORD-06). */
  serviceDetails: z.array(
    z.strictObject({
      key: z.string(),
      label: z.string(),
      kind: z.enum(["text", "email"]),
      required: z.boolean(),
      firstOrderOnly: z.boolean(),
      code: RuleCode,
      /** Shown when a required detail is missing (default: a message built from the label). */
      message: z.string().optional(),
    }),
  ),
  /** Vendor account naming (R-ORD-07). */
  teamName: z
    .strictObject({
      source: z.literal("account_name"),
      maxLength: z.number().int().positive(),
      code: RuleCode,
    })
    .optional(),
  /** The change window in days after the executed order or the last renewal; day N is inside (D6). */
  changeWindowDays: z.number().int().nonnegative(),
  /**
   * Minimum quantity refusal (R-ORD-01 / R-SGN-01); the number itself is the product's minQuantity
   * and replaces `{min}` in the message.
   */
  minimumQuantity: z.strictObject({ code: RuleCode, message: z.string() }),
  /** What a licence decrease does (D3, R-QTY-02, R-SGN-05). */
  decreaseEffect: z.enum(["immediate", "at_renewal"]),
  /** Suspension (R-SUS-01, R-SGN-07). */
  suspension: z.strictObject({ allowed: z.boolean(), code: RuleCode, message: z.string() }),
  /** Trials (R-TRL-01). */
  trial: z
    .strictObject({
      days: z.number().int().positive(),
      quantity: z.literal("minimum_only"),
      addonsAllowed: z.boolean(),
      extraLicencesAllowed: z.boolean(),
      convertsAutomatically: z.boolean(),
      upgradeToTrialAllowed: z.boolean(),
      code: RuleCode,
    })
    .optional(),
  /** Upgrades (R-UPG-02, R-UPG-04, R-UPG-05, R-SGN-06). */
  upgrade: z.strictObject({
    sameTermOnly: z.boolean(),
    effective: z.literal("today"),
    keepsBillingCycle: z.boolean(),
    partialAllowed: z.boolean(),
    targetMinimumApplies: z.boolean(),
    code: RuleCode,
  }),
  /** Cancellation (R-CAN-02..05). */
  cancellation: z.strictObject({
    modes: z.array(z.enum(["immediate", "specific_date", "end_of_billing_period"])).min(1),
    fullCancelNeedsVendorConfirmation: z.boolean(),
    creditNoteForUpfrontCharges: z.boolean(),
  }),
  /** Team ID retention after a full cancellation (R-EXT-02); the vendor decides the window (D10). */
  externalIdRestoration: z.strictObject({ enabled: z.boolean(), code: RuleCode }).optional(),
  addonRules: z.array(AddonRule),
  changeRules: z.array(ChangeRule),
});
export type ProductTypePolicies = z.infer<typeof ProductTypePolicies>;

/** A decimal price string in the major unit, e.g. "12.00". */
const Price = z.string().regex(/^\d+(\.\d{1,2})?$/);

export const ProductDefinition = z.strictObject({
  sku: z.string().min(1).max(80),
  name: z.string().min(1).max(200),
  description: z.string().optional(),
  /** What the product offers, one short line each, shown on the Storefront's cards (issue 16). */
  features: z.array(z.string().min(1).max(200)).max(30).optional(),
  kind: z.enum(["base", "addon"]),
  term: Term,
  trial: z.strictObject({ days: z.number().int().positive(), paidSku: z.string() }).optional(),
  includedLicences: z.number().int().nonnegative(),
  minQuantity: z.number().int().nonnegative(),
  maxQuantity: z.number().int().positive().optional(),
  /** Per unit for one commitment term: MCMB a month, AC1M and AC1Y twelve months. */
  listPrice: Price,
  cost: Price,
  characteristics: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Add-on SKUs attachable to this base product. */
  addons: z.array(z.string()).default([]),
  excludedFromProration: z.boolean().default(false),
});
export type ProductDefinition = z.infer<typeof ProductDefinition>;

export const ProductTypeDefinition = z
  .strictObject({
    code: z.string().regex(/^[a-z][a-z0-9_]*$/),
    name: z.string(),
    policies: ProductTypePolicies,
    products: z.array(ProductDefinition).min(1),
    /** Declared upgrade edges (SKU → SKU); chained and inverted by the catalog (R-UPG-06). */
    upgradePaths: z.array(z.strictObject({ from: z.string(), to: z.string() })),
    /** Products of which one holder (an admin email's team) may have only one (R-CAT-06). */
    exclusiveSets: z.array(
      z.strictObject({
        code: z.string(),
        name: z.string(),
        scope: z.enum(["admin_email", "subscription"]),
        skus: z.array(z.string()).min(2),
      }),
    ),
  })
  .superRefine((type, ctx) => checkReferences(type, ctx));
export type ProductTypeDefinition = z.infer<typeof ProductTypeDefinition>;

export const ServicesDefinition = z
  .strictObject({
    vendor: z.string(),
    version: z.string(),
    currency: z.string().length(3),
    productTypes: z.array(ProductTypeDefinition).min(1),
  })
  .superRefine((def, ctx) => {
    // SKUs are unique across the whole definition (a tenant's catalogue is keyed by SKU).
    const seen = new Set<string>();
    def.productTypes.forEach((type, t) => {
      type.products.forEach((p, i) => {
        if (seen.has(p.sku))
          ctx.addIssue({
            code: "custom",
            path: ["productTypes", t, "products", i, "sku"],
            message: `duplicate SKU ${p.sku}`,
          });
        seen.add(p.sku);
      });
    });
  });
export type ServicesDefinition = z.infer<typeof ServicesDefinition>;

/**
 * Every SKU a product type mentions (add-ons, trial twins, upgrade edges, exclusive sets, add-on
 * rules) must be one of its own products: a path across product types is refused (R-UPG-06),
 * a trial's paid twin is a paid base product of the same term (R-TRL-01), no AC1M trial.
 */
function checkReferences(type: z.output<typeof ProductTypeDefinition>, ctx: z.RefinementCtx): void {
  const bySku = new Map(type.products.map((p) => [p.sku, p]));
  const unknown = (path: (string | number)[], sku: string) =>
    ctx.addIssue({ code: "custom", path, message: `unknown SKU ${sku} in product type ${type.code}` });
  type.products.forEach((p, i) => {
    p.addons.forEach((sku, j) => {
      const addon = bySku.get(sku);
      if (!addon) unknown(["products", i, "addons", j], sku);
      else if (addon.kind !== "addon" || addon.term !== p.term)
        ctx.addIssue({
          code: "custom",
          path: ["products", i, "addons", j],
          message: `${sku} is not an add-on of term ${p.term}`,
        });
    });
    if (p.trial) {
      const paid = bySku.get(p.trial.paidSku);
      if (!paid) unknown(["products", i, "trial", "paidSku"], p.trial.paidSku);
      else if (paid.trial || paid.term !== p.term || paid.kind !== "base")
        ctx.addIssue({
          code: "custom",
          path: ["products", i, "trial", "paidSku"],
          message: "a trial's paid twin is a paid base product of the same term",
        });
      if (p.term === "AC1M")
        ctx.addIssue({
          code: "custom",
          path: ["products", i, "term"],
          message: "R-TRL-01: no trials for AC1M products",
        });
    }
  });
  type.upgradePaths.forEach((e, i) => {
    if (!bySku.has(e.from)) unknown(["upgradePaths", i, "from"], e.from);
    if (!bySku.has(e.to)) unknown(["upgradePaths", i, "to"], e.to);
    if (e.from === e.to)
      ctx.addIssue({
        code: "custom",
        path: ["upgradePaths", i],
        message: "an upgrade path needs two products",
      });
  });
  type.exclusiveSets.forEach((set, i) => {
    set.skus.forEach((sku, j) => {
      if (!bySku.has(sku)) unknown(["exclusiveSets", i, "skus", j], sku);
    });
  });
  type.policies.addonRules.forEach((rule, i) => {
    const skus = "skus" in rule ? rule.skus : [];
    skus.forEach((sku, j) => {
      if (bySku.get(sku)?.kind !== "addon") unknown(["policies", "addonRules", i, "skus", j], sku);
    });
  });
}
