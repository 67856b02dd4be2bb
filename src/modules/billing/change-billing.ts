import type { Deps } from "../../deps.ts";
import { addDays, compareDates, type PlainDate, parseDate } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import {
  assertBillable,
  chargeRow,
  issueDocuments,
  loadOptions,
  prorates,
  writeCharges,
} from "./billing.core.ts";
import { recordEffect } from "./billing.effects.ts";
import { addCredited, lockCreditableCharges, lockItems, updateItem } from "./billing.repo.ts";
import {
  creditAmount,
  cycleAnchor,
  explainCredit,
  itemPromotion,
  priceSpan,
  type Term,
} from "./billing.rules.ts";
import type {
  BillingEffect,
  BillingItemRow,
  BillingOptions,
  ChargeKind,
  ChargeRow,
} from "./billing.types.ts";
import { withRestOfTax } from "./credit-tax.ts";
import { billNow } from "./open-billing.ts";

/**
 * Money for the changes of a billed subscription (spec/billing.md "Proration"), each inside the
 * command's transaction so its preview shows exactly these lines. A subscription without items
 * (a trial) has nothing to bill and every function returns an empty effect.
 */

interface Target {
  tenantId: string;
  subscriptionId: string;
  /** null: the base item; an add-on id; "all": the base and every add-on. */
  addonId?: string | null | "all";
}

interface Meta {
  today: PlainDate;
  source: string;
  /** Makes the lines exactly-once per command (e.g. the history record's or request's id). */
  key: string;
}

const none = (): BillingEffect => ({ charges: [], documents: [] });

function pick(items: BillingItemRow[], addonId: Target["addonId"]): BillingItemRow[] {
  if (addonId === "all") return items;
  return items.filter((i) => i.addonId === (addonId ?? null));
}

function priceable(item: BillingItemRow) {
  return {
    ...item,
    term: item.term as Term,
    cycleAnchor: parseDate(item.cycleAnchor),
    promotion: itemPromotion(item),
  };
}

/** True when the item has already billed the period holding `day` (billing is in advance). */
function billedThrough(item: BillingItemRow, day: PlainDate): boolean {
  return compareDates(parseDate(item.nextPeriodStart), day) > 0;
}

async function finish(
  deps: Deps,
  tx: Tx,
  tenantId: string,
  rows: ChargeRow[],
  options: BillingOptions,
  meta: Meta,
): Promise<BillingEffect> {
  const written = await writeCharges(tx, rows);
  // Credits are issued at once; partial charges wait for the billing day when the account says so.
  const due = written.filter((c) => c.invoiceOn <= meta.today.toString());
  const documents = await issueDocuments(deps, tx, tenantId, due, {
    issueDate: meta.today.toString(),
    source: meta.source,
  });
  void options;
  return recordEffect(tx, { charges: written, documents });
}

function invoiceOnFor(options: BillingOptions, item: BillingItemRow, today: PlainDate): string {
  return options.partialCharges === "billing_day" ? item.nextPeriodStart : today.toString();
}

/**
 * R-QTY-01: added licences are charged now for [from, period end] of the period already billed,
 * at the item's own unit price (not today's list price); later periods bill the new quantity
 * (for AC1M, the remaining installments rise).
 */
export async function increaseQuantity(
  deps: Deps,
  tx: Tx,
  target: Target & { quantity: number },
  meta: Meta & { from: PlainDate },
): Promise<BillingEffect> {
  const items = pick(await lockItems(tx, target.tenantId, target.subscriptionId), target.addonId);
  if (items.length === 0) return none();
  assertBillable(items.map((i) => ({ ...i, quantity: target.quantity })));
  const options = await loadOptions(tx, target.tenantId, items[0]!.billToAccountId);
  const rows: ChargeRow[] = [];
  for (const item of items) {
    const added = target.quantity - item.quantity;
    if (added <= 0) continue;
    if (item.status === "active" && billedThrough(item, meta.from)) {
      const to = parseDate(item.endsOn ?? "9999-12-31");
      const line = priceSpan(priceable(item), meta.from, to, {
        prorate: prorates(options, item),
        quantity: added,
      });
      rows.push(
        chargeRow(deps, item, line, options, {
          kind: "increase",
          dedupeKey: `inc:${meta.key}:${item.id}`,
          invoiceOn: invoiceOnFor(options, item, meta.today),
          source: meta.source,
          description: `${item.description} — ${added} added licence${added === 1 ? "" : "s"}`,
        }),
      );
    }
    await updateItem(tx, item.tenantId, item.id, { quantity: target.quantity, updatedAt: deps.clock.now() });
  }
  return finish(deps, tx, target.tenantId, rows, options, meta);
}

/** A new quantity without money: a decrease that takes effect at renewal bills less from then on. */
export async function setBillingQuantity(
  deps: Deps,
  tx: Tx,
  target: Target & { quantity: number },
): Promise<void> {
  const items = pick(await lockItems(tx, target.tenantId, target.subscriptionId), target.addonId);
  assertBillable(items.map((i) => ({ ...i, quantity: target.quantity })));
  for (const item of items)
    await updateItem(tx, item.tenantId, item.id, { quantity: target.quantity, updatedAt: deps.clock.now() });
}

/**
 * Credits [from, …] of what was invoiced (billing.md: from the invoiced lines, never today's
 * price, never more than is left), for `quantity` units or all; `end` stops the items' billing
 * the day before `from` (a cancellation), otherwise the quantity drops by the credited units.
 */
export async function creditBilling(
  deps: Deps,
  tx: Tx,
  target: Target & { quantity?: number; end: boolean },
  meta: Meta & { from: PlainDate },
): Promise<BillingEffect> {
  const items = pick(await lockItems(tx, target.tenantId, target.subscriptionId), target.addonId);
  if (items.length === 0) return none();
  const options = await loadOptions(tx, target.tenantId, items[0]!.billToAccountId);
  const rows: ChargeRow[] = [];
  for (const item of items) rows.push(...(await creditItem(deps, tx, item, options, target, meta)));
  return finish(deps, tx, target.tenantId, rows, options, meta);
}

async function creditItem(
  deps: Deps,
  tx: Tx,
  item: BillingItemRow,
  options: BillingOptions,
  target: { quantity?: number; end: boolean },
  meta: Meta & { from: PlainDate },
): Promise<ChargeRow[]> {
  const credits: Array<{ line: ChargeRow; charge: ChargeRow }> = [];
  const from = meta.from.toString();
  const charges = await lockCreditableCharges(tx, item.tenantId, item.id, from);
  // Partly: the credited units' share of every line of the period (held units = the item's).
  const share = target.quantity === undefined ? undefined : { units: target.quantity, of: item.quantity };
  for (const charge of charges) {
    const creditable = {
      ...charge,
      fromDate: parseDate(charge.fromDate),
      toDate: parseDate(charge.toDate),
      periodStart: parseDate(charge.periodStart),
    };
    const credit = creditAmount(creditable, meta.from, {
      prorate: prorates(options, item),
      ...(share ? { share } : {}),
    });
    if (credit.amount <= 0n) continue;
    await addCredited(tx, item.tenantId, charge.id, credit.amount);
    const line: ChargeRow = {
      ...chargeRow(
        deps,
        item,
        {
          periodStart: creditable.periodStart,
          periodEnd: parseDate(charge.periodEnd),
          from: credit.from,
          to: creditable.toDate,
          unitPrice: charge.unitPrice,
          quantity: share ? Math.min(share.units, charge.quantity) : charge.quantity,
          discountBasisPoints: charge.discountBasisPoints,
          periodsPerTerm: charge.periodsPerTerm,
          days: credit.days,
          periodDays: charge.periodDays,
          prorated: credit.days < charge.days,
          installmentNo: charge.installmentNo,
          // A credit names the promotion of the line it credits (computed from that line anyway).
          promotion: charge.promotionId
            ? {
                id: charge.promotionId,
                name: charge.promotionName ?? "",
                valueType: charge.promotionValueType === "monetary" ? "monetary" : "percentage",
                value: charge.promotionValue ?? 0n,
              }
            : null,
          amount: -credit.amount,
          explanation: explainCredit({ ...creditable, currency: charge.currency }, credit, share),
        },
        { ...options, taxRateBasisPoints: charge.taxRateBasisPoints },
        {
          kind: "credit",
          dedupeKey: `cr:${meta.key}:${charge.id}`,
          invoiceOn: meta.today.toString(),
          source: meta.source,
          description: `Credit: ${charge.description}`,
        },
      ),
      creditsChargeId: charge.id,
    };
    credits.push({ line, charge });
  }
  // A credit taking the rest of a line (after earlier credits, hand-made ones too) takes the rest
  // of its tax, so the line's credits give back exactly its tax (R-DOC-01, R-CAN-03).
  const rows = await withRestOfTax(tx, item.tenantId, credits);
  const now = deps.clock.now();
  if (target.end) {
    const endsOn = addDays(meta.from, -1).toString();
    await updateItem(tx, item.tenantId, item.id, { endsOn, status: "ended", updatedAt: now });
  } else if (target.quantity !== undefined) {
    await updateItem(tx, item.tenantId, item.id, {
      quantity: Math.max(1, item.quantity - target.quantity),
      updatedAt: now,
    });
  }
  return rows;
}

/**
 * Upgrade or downgrade on day `from` (billing.md): credit the unused part of the old product's
 * billed period, charge the new product for [from, period end]; the cycle and end date stay.
 */
export async function switchBillingProduct(
  deps: Deps,
  tx: Tx,
  target: { tenantId: string; subscriptionId: string },
  to: {
    productId: string;
    description: string;
    unitPrice: bigint;
    quantity: number;
    kind: Extract<ChargeKind, "upgrade" | "downgrade">;
    /** False when the catalogue excludes the new product from proration. */
    prorate?: boolean;
  },
  meta: Meta & { from: PlainDate },
): Promise<BillingEffect> {
  const [base] = pick(await lockItems(tx, target.tenantId, target.subscriptionId), null);
  if (!base) return none();
  const options = await loadOptions(tx, target.tenantId, base.billToAccountId);
  const rows = await creditItem(deps, tx, base, options, { end: false }, meta);
  const switched: BillingItemRow = {
    ...base,
    prorate: to.prorate ?? base.prorate,
    productId: to.productId,
    description: to.description,
    unitPrice: to.unitPrice,
    quantity: to.quantity,
    // R-PRM-01: a promotion belongs to the product it was ordered with; the new product has none.
    promotionId: null,
    promotionName: null,
    promotionValueType: null,
    promotionValue: null,
    promotionUntil: null,
  };
  assertBillable([switched]);
  await updateItem(tx, base.tenantId, base.id, {
    prorate: switched.prorate,
    productId: to.productId,
    description: to.description,
    unitPrice: to.unitPrice,
    quantity: to.quantity,
    promotionId: null,
    promotionName: null,
    promotionValueType: null,
    promotionValue: null,
    promotionUntil: null,
    updatedAt: deps.clock.now(),
  });
  if (base.status === "active" && billedThrough(base, meta.from)) {
    const line = priceSpan(priceable(switched), meta.from, parseDate(base.endsOn ?? "9999-12-31"), {
      prorate: prorates(options, switched),
    });
    rows.push(
      chargeRow(deps, switched, line, options, {
        kind: to.kind,
        dedupeKey: `${to.kind}:${meta.key}:${base.id}`,
        invoiceOn: invoiceOnFor(options, base, meta.today),
        source: meta.source,
      }),
    );
  }
  return finish(deps, tx, target.tenantId, rows, options, meta);
}

/**
 * Stops billing after `lastDay` (end-of-period cancellation, Inactive at term end): nothing more
 * is billed, and anything already billed beyond it is credited.
 */
export async function endBilling(
  deps: Deps,
  tx: Tx,
  target: { tenantId: string; subscriptionId: string },
  meta: Meta & { lastDay: PlainDate },
): Promise<BillingEffect> {
  return creditBilling(
    deps,
    tx,
    { ...target, addonId: "all", end: true },
    { ...meta, from: addDays(meta.lastDay, 1) },
  );
}

/** Re-activation: billing starts again from `start` on a new cycle, and what is due is billed now. */
export async function reopenBilling(
  deps: Deps,
  tx: Tx,
  target: { tenantId: string; subscriptionId: string; addonIds: readonly string[] },
  meta: Meta & { start: PlainDate },
): Promise<BillingEffect> {
  const items = (await lockItems(tx, target.tenantId, target.subscriptionId)).filter(
    (i) => i.addonId === null || target.addonIds.includes(i.addonId),
  );
  if (items.length === 0) return none();
  const options = await loadOptions(tx, target.tenantId, items[0]!.billToAccountId);
  for (const item of items) {
    Object.assign(item, {
      cycleAnchor: cycleAnchor(item.term as Term, meta.start, options.billingDay).toString(),
      nextPeriodStart: meta.start.toString(),
      endsOn: null,
      status: "active",
    });
    await updateItem(tx, item.tenantId, item.id, {
      cycleAnchor: item.cycleAnchor,
      nextPeriodStart: item.nextPeriodStart,
      endsOn: null,
      status: "active",
      updatedAt: deps.clock.now(),
    });
  }
  return billNow(deps, tx, items, options, { today: meta.today, source: meta.source, kind: "recurring" });
}

/**
 * Edit Pricing Info (issue 4): a new unit price and/or discount.
 * - "next": from the next billing cycle — every period not billed yet (billing is in advance, so
 *   that is the item's next period on) bills the new price; nothing billed changes.
 * - "current": the current cycle too — its invoiced lines are credited in full and the same span
 *   is charged again at the new price (a correction is new documents; issued ones never change).
 */
export async function repriceBilling(
  deps: Deps,
  tx: Tx,
  target: { tenantId: string; subscriptionId: string; addonId?: string | null },
  price: { unitPrice: bigint; discountBasisPoints: number; applyTo: "current" | "next" },
  meta: Meta,
): Promise<BillingEffect> {
  const [item] = pick(await lockItems(tx, target.tenantId, target.subscriptionId), target.addonId ?? null);
  if (!item) return none();
  const options = await loadOptions(tx, target.tenantId, item.billToAccountId);
  const rows: ChargeRow[] = [];
  const repriced: BillingItemRow = {
    ...item,
    unitPrice: price.unitPrice,
    discountBasisPoints: price.discountBasisPoints,
  };
  assertBillable([repriced]);
  if (price.applyTo === "current" && item.status === "active" && billedThrough(item, meta.today)) {
    const from = periodOfItem(item, meta.today);
    const credited = await creditItem(deps, tx, item, options, { end: false }, { ...meta, from });
    rows.push(...credited);
    // Charge again what was credited: each credited span at the new price.
    for (const credit of credited) {
      const line = priceSpan(priceable(repriced), parseDate(credit.fromDate), parseDate(credit.toDate), {
        prorate: prorates(options, item),
        quantity: credit.quantity,
      });
      rows.push(
        chargeRow(deps, repriced, line, options, {
          kind: "price_change",
          dedupeKey: `price:${meta.key}:${credit.creditsChargeId}`,
          invoiceOn: meta.today.toString(),
          source: meta.source,
          description: `${item.description} — repriced`,
        }),
      );
    }
  }
  await updateItem(tx, item.tenantId, item.id, {
    unitPrice: price.unitPrice,
    discountBasisPoints: price.discountBasisPoints,
    updatedAt: deps.clock.now(),
  });
  return finish(deps, tx, target.tenantId, rows, options, meta);
}

/** The first day of the item's billing period holding `day`. */
function periodOfItem(item: BillingItemRow, day: PlainDate): PlainDate {
  const p = priceSpan(priceable(item), day, day, { prorate: true });
  return p.periodStart;
}
