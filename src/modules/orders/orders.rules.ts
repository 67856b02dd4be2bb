import type { ProductTypePolicies } from "../catalog/index.ts";
import {
  addonsFollowBase,
  type Channel,
  checkAddonMinimum,
  checkAddonRules,
  checkBillingPlan,
  checkMinimumQuantity,
  exclusiveKey,
} from "../subscriptions/index.ts";
import type { BillingPlan, LineViolation, OrderStatus } from "./orders.types.ts";

/**
 * The order pre-check as pure functions (DESIGN.md "Rules are data"): plain data in, every
 * violation out, each pointing at its line and field. Nothing here knows a vendor: the product
 * type's policies say what to check.
 */

/** What the rules need of a product (a catalogue ProductDetails fits). */
export interface RuleProduct {
  id: string;
  sku: string;
  name: string;
  kind: "base" | "addon";
  term: "MCMB" | "AC1M" | "AC1Y";
  isTrial: boolean;
  minQuantity: number;
  maxQuantity: number | null;
  status: "active" | "retired";
  productType: { code: string };
  effectivePolicies: ProductTypePolicies;
}

export interface RuleLine {
  lineId: string | null;
  product: RuleProduct;
  quantity: number;
  billingPlan: BillingPlan;
  /** `requestedQuantity`: what was asked when the BSS set another quantity (R-SGN-04). */
  addons: ReadonlyArray<{ product: RuleProduct; quantity: number; requestedQuantity?: number | undefined }>;
  serviceDetails: Readonly<Record<string, string>>;
}

export interface RuleContext {
  channel: Channel;
  /** R-ORD-06: the customer has no submitted order yet (a new customer, or none so far). */
  firstOrder: boolean;
  /** R-CAT-07: the product ids published in the reseller's Storefront (Storefront only). */
  published?: ReadonlySet<string> | undefined;
  /** R-ORD-02: exclusive keys already held by a live subscription of the tenant. */
  takenKeys?: ReadonlySet<string> | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The whole pre-check of an order: every line, then the rules across lines (R-ORD-02). */
export function precheckLines(lines: readonly RuleLine[], ctx: RuleContext): LineViolation[] {
  const out: LineViolation[] = [];
  const keys = new Map<string, number>();
  lines.forEach((line, index) => {
    const at = (field: string, v: { code: string; message: string; details?: Record<string, unknown> }) =>
      out.push({ ...v, code: v.code as LineViolation["code"], lineId: line.lineId, line: index, field });
    for (const v of checkLine(line, ctx)) at(v.field, v);
    const p = line.product;
    const key = exclusiveKey(p.effectivePolicies, p.productType.code, p.kind, line.serviceDetails.adminEmail);
    if (!key) return;
    const rule = p.effectivePolicies.oneActivePlanPerAdminEmail;
    const email = line.serviceDetails.adminEmail;
    const earlier = keys.get(key);
    if (earlier !== undefined) {
      at("serviceDetails.adminEmail", {
        code: rule.code,
        message: `${rule.message} (${email} is already the team admin of line ${earlier + 1} of this order.)`,
        details: { adminEmail: email, otherLine: earlier },
      });
    } else {
      keys.set(key, index);
      if (ctx.takenKeys?.has(key))
        at("serviceDetails.adminEmail", {
          code: rule.code,
          message: rule.message,
          details: { adminEmail: email },
        });
    }
  });
  return out;
}

type FieldViolation = { code: string; message: string; details?: Record<string, unknown>; field: string };

/** The rules of one line, in the order a person would fix them. */
export function checkLine(line: RuleLine, ctx: RuleContext): FieldViolation[] {
  const out: FieldViolation[] = [];
  const p = line.product;
  const policies = p.effectivePolicies;
  // R-CAT-07: only published products (and add-ons) can be ordered in a Storefront.
  if (ctx.published) {
    if (!ctx.published.has(p.id)) out.push(notPublished(p, "productId"));
    line.addons.forEach((a, i) => {
      if (!ctx.published!.has(a.product.id)) out.push(notPublished(a.product, `addons.${i}.productId`));
    });
  } else if (p.status !== "active") {
    out.push({
      field: "productId",
      code: "R-CAT-01",
      message: `${p.name} is retired and can no longer be ordered.`,
      details: { productId: p.id },
    });
  }
  const trial = p.isTrial ? policies.trial : undefined;
  if (trial) out.push(...checkTrial(line, trial.code, trial.addonsAllowed));
  else {
    const min = checkMinimumQuantity(policies, p, line.quantity); // R-ORD-01 / R-SGN-01
    if (min) out.push({ ...min, field: "quantity" });
  }
  const plan = checkBillingPlan(policies, p.term, line.billingPlan); // R-ORD-05 (exact text of the policy)
  if (plan) out.push({ ...plan, field: "billingPlan" });
  out.push(...checkAddons(line, ctx.channel));
  out.push(...checkServiceDetails(policies, line.serviceDetails, ctx.firstOrder));
  return out;
}

function notPublished(p: RuleProduct, field: string): FieldViolation {
  return {
    field,
    code: "R-CAT-07",
    message: `${p.name} is not offered in this Storefront; only published products can be ordered here.`,
    details: { productId: p.id },
  };
}

/** R-TRL-01: a trial is the base plan at its minimum licences, without add-ons, never AC1M. */
function checkTrial(line: RuleLine, code: string, addonsAllowed: boolean): FieldViolation[] {
  const p = line.product;
  const out: FieldViolation[] = [];
  if (p.term === "AC1M")
    out.push({
      field: "productId",
      code,
      message: "Trials are not offered for Annual Commitment, Billed Monthly products.",
    });
  if (line.quantity !== p.minQuantity)
    out.push({
      field: "quantity",
      code,
      message: `A trial runs with exactly ${p.minQuantity} licences; extra licences need the paid plan.`,
      details: { required: p.minQuantity, quantity: line.quantity },
    });
  if (!addonsAllowed && line.addons.length > 0)
    out.push({
      field: "addons",
      code,
      message: "Add-ons cannot be ordered with a trial. Order the paid plan to add them.",
    });
  return out;
}

/** R-ORD-03, R-ORD-04, R-SGN-02/03/04: the add-on rules of the product type. */
function checkAddons(line: RuleLine, channel: Channel): FieldViolation[] {
  const policies = line.product.effectivePolicies;
  const out: FieldViolation[] = [];
  const fixed = policies.addonRules.find((r) => r.kind === "quantity_fixed");
  if (fixed) {
    line.addons.forEach((a, i) => {
      const quantity = fixedAddonQuantity(a.product);
      if (a.quantity !== quantity)
        out.push({
          field: `addons.${i}.quantity`,
          code: fixed.code,
          message: `${a.product.name} comes in a fixed quantity of ${quantity}. ${fixed.message}`,
          details: { productId: a.product.id, required: quantity, quantity: a.quantity },
        });
    });
  }
  // R-SGN-02: an add-on is never asked below its own minimum, whatever the BSS sets (issue 13.5).
  line.addons.forEach((a, i) => {
    const v = checkAddonMinimum(policies, a.product, a.requestedQuantity ?? a.quantity, line.quantity);
    if (v) out.push({ ...v, field: `addons.${i}.quantity` });
  });
  const set = line.addons.map((a) => ({ sku: a.product.sku, quantity: a.quantity }));
  for (const v of checkAddonRules(policies, { channel, baseQuantity: line.quantity, addons: set }))
    out.push({ ...v, field: "addons" });
  return out;
}

/**
 * R-ORD-06: required service details — first-order-only ones (Reseller ID) only on the customer's
 * first order, the others (Dropbox's team admin email, the R-ORD-02 key) on every line.
 */
function checkServiceDetails(
  policies: ProductTypePolicies,
  values: Readonly<Record<string, string>>,
  firstOrder: boolean,
): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const d of policies.serviceDetails) {
    const value = values[d.key]?.trim() ?? "";
    const field = `serviceDetails.${d.key}`;
    if (!value) {
      if (d.required && (!d.firstOrderOnly || firstOrder))
        out.push({
          field,
          code: d.code,
          message:
            d.message ??
            (d.firstOrderOnly
              ? `${d.label} is required for a new customer's first order.`
              : `${d.label} is required.`),
          details: { key: d.key },
        });
    } else if (d.kind === "email" && !EMAIL.test(value)) {
      out.push({
        field,
        code: d.code,
        message: `${d.label} must be a valid email address.`,
        details: { key: d.key },
      });
    }
  }
  return out;
}

/** R-ORD-04: a fixed-quantity add-on is ordered in its minimum quantity (Dropbox: 1). */
export function fixedAddonQuantity(addon: Pick<RuleProduct, "minQuantity">): number {
  return Math.max(1, addon.minQuantity);
}

/**
 * The quantity an add-on gets on a line: BSS raises tied add-ons with the plan (R-SGN-04); else
 * what was asked; else the tied quantity (the line's) or the fixed one (R-ORD-04).
 */
export function addonQuantity(
  base: Pick<RuleProduct, "effectivePolicies">,
  addon: Pick<RuleProduct, "minQuantity">,
  channel: Channel,
  lineQuantity: number,
  requested: number | undefined,
): number {
  const policies = base.effectivePolicies;
  if (addonsFollowBase(policies, channel)) return lineQuantity;
  if (requested !== undefined) return requested;
  if (policies.addonRules.some((r) => r.kind === "quantity_tied_to_parent")) return lineQuantity;
  return fixedAddonQuantity(addon);
}

/** R-ORD-05: the billing plan a line gets when none is given — the first one its term allows. */
export function defaultBillingPlan(product: Pick<RuleProduct, "effectivePolicies" | "term">): BillingPlan {
  return product.effectivePolicies.billingPlans[product.term]?.allowed[0] ?? "monthly";
}

/** Whether any line still lacks a first-order-only service detail (only then is "first order" asked). */
export function needsFirstOrderCheck(lines: readonly RuleLine[]): boolean {
  return lines.some((l) =>
    l.product.effectivePolicies.serviceDetails.some(
      (d) => d.firstOrderOnly && !l.serviceDetails[d.key]?.trim(),
    ),
  );
}

export interface SubmissionInput {
  channel: Channel;
  /** The order was placed by a user of the customer account itself (not its reseller, not staff). */
  placedByCustomer: boolean;
  customer: { kind: "reseller" | "end_customer" | "direct_customer"; orderApproval: boolean };
  /** The customer's reseller (end customers only). */
  reseller: { edition: "basic" | "standard" | null } | null;
}

/**
 * R-ORD-09: an end customer's own Storefront order in a Standard Edition reseller's Storefront
 * waits for the reseller's approval when the customer's Order Approval is on; anything else is
 * submitted at once.
 */
export function submissionStatus(input: SubmissionInput): "pending_reseller_approval" | "submitted" {
  const waits =
    input.channel === "storefront" &&
    input.placedByCustomer &&
    input.customer.kind === "end_customer" &&
    input.customer.orderApproval &&
    input.reseller?.edition === "standard";
  return waits ? "pending_reseller_approval" : "submitted";
}

/** R-ORD-09: automatically provisioned products are executed on submission; others go In Progress. */
export function statusAfterSubmission(automatic: boolean): Extract<OrderStatus, "executed" | "in_progress"> {
  return automatic ? "executed" : "in_progress";
}

/**
 * R-PRC-03 (issue 13): every price of an order is in the paying account's currency, from a price
 * list or product price in that currency — never converted or relabelled. A line (or one of its
 * add-ons) without such a price is refused, naming the product and the currency.
 */
export function currencyViolations(
  lines: ReadonlyArray<{ id: string; productId: string; addons: ReadonlyArray<{ productId: string }> }>,
  priceOf: (productId: string) => { currency: string } | undefined,
  nameOf: (productId: string) => string,
  currency: string,
): LineViolation[] {
  const out: LineViolation[] = [];
  lines.forEach((line, index) => {
    for (const [productId, field] of [
      [line.productId, "productId"],
      ...line.addons.map((a, i) => [a.productId, `addons.${i}.productId`] as const),
    ] as const) {
      const price = priceOf(productId);
      if (!price || price.currency === currency) continue;
      out.push({
        code: "R-PRC-03",
        message: `${nameOf(productId)} has no price in ${currency}, the paying account's currency (its price is in ${price.currency}; prices are never converted).`,
        details: { productId, currency, priceCurrency: price.currency },
        lineId: line.id,
        line: index,
        field,
      });
    }
  });
  return out;
}
