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
  writeOpening,
} from "./billing.core.ts";
import { recordEffect } from "./billing.effects.ts";
import { lockItems, updateItem } from "./billing.repo.ts";
import { cycleAnchor, duePeriods, itemPromotion, promotionUntil, type Term } from "./billing.rules.ts";
import type {
  BillingEffect,
  BillingItemRow,
  BillingOptions,
  ChargeKind,
  ChargeRow,
} from "./billing.types.ts";

export interface BillableAddon {
  addonId: string;
  productId: string;
  description: string;
  quantity: number;
  unitPrice: bigint;
  /** False when the catalogue excludes the product from proration. */
  prorate?: boolean;
}

export interface OpenBillingInput {
  tenantId: string;
  subscriptionId: string;
  accountId: string;
  billToAccountId: string;
  productId: string;
  description: string;
  term: Term;
  quantity: number;
  unitPrice: bigint;
  discountBasisPoints: number;
  currency: string;
  /** The term the subscription is in (a partial upgrade's new subscription keeps its origin's). */
  termStartDate: string;
  /** First day to bill (the start; later than the term start for a partial upgrade). */
  startDate: string;
  today: PlainDate;
  addons: readonly BillableAddon[];
  source: string;
  /** The kind of the first lines: "recurring" for a new subscription, "upgrade" for a partial upgrade. */
  firstKind?: ChargeKind;
  /** False when the catalogue excludes the product from proration. */
  prorate?: boolean;
  /** R-PRM-01: the promotion the subscription was ordered with (its base item's cycles from the start). */
  promotion?: BillingPromotion | null;
  /**
   * Issue 17: write the items, charges and invoice as the transaction's tail, right before commit
   * (writeOpening `atCommit`): the invoice numbers of the returned documents are set then.
   */
  atCommit?: boolean;
}

/** A promotion as billing snapshots it on an item: cycles null = every cycle (Recurring). */
export interface BillingPromotion {
  id: string;
  name: string;
  valueType: "monetary" | "percentage";
  value: bigint;
  cycles: number | null;
}

const NO_PROMOTION = {
  promotionId: null,
  promotionName: null,
  promotionValueType: null,
  promotionValue: null,
  promotionUntil: null,
} as const;

/**
 * Starts billing a new subscription (issue 4 "first charge at execution"): one item for the
 * base and one per add-on, on the cycle the account's billing day gives, then bills what is due
 * today — the first period, prorated to the billing day when needed — and invoices it at once
 * (Order Day), or leaves a partial first period for the billing day (Billing Day).
 */
export async function openBilling(deps: Deps, tx: Tx, input: OpenBillingInput): Promise<BillingEffect> {
  const options = await loadOptions(tx, input.tenantId, input.billToAccountId);
  const anchor = cycleAnchor(input.term, parseDate(input.termStartDate), options.billingDay).toString();
  const now = deps.clock.now();
  const base = {
    tenantId: input.tenantId,
    accountId: input.accountId,
    billToAccountId: input.billToAccountId,
    subscriptionId: input.subscriptionId,
    term: input.term,
    discountBasisPoints: input.discountBasisPoints,
    currency: input.currency,
    cycleAnchor: anchor,
    nextPeriodStart: input.startDate,
    endsOn: null,
    nextUnitPrice: null,
    nextDiscountBasisPoints: null,
    nextPriceFrom: null,
    excludedInstallments: 0,
    status: "active",
    createdAt: now,
    updatedAt: now,
    ...NO_PROMOTION,
  };
  const promo = input.promotion;
  const items: BillingItemRow[] = [
    {
      ...base,
      ...(promo
        ? {
            promotionId: promo.id,
            promotionName: promo.name,
            promotionValueType: promo.valueType,
            promotionValue: promo.value,
            promotionUntil:
              promotionUntil(
                input.term,
                parseDate(anchor),
                parseDate(input.startDate),
                promo.cycles,
              )?.toString() ?? null,
          }
        : {}),
      id: deps.ids.next("bit"),
      addonId: null,
      productId: input.productId,
      description: input.description,
      quantity: input.quantity,
      unitPrice: input.unitPrice,
      prorate: input.prorate ?? true,
    },
    ...input.addons.map((a) => ({
      ...base,
      id: deps.ids.next("bit"),
      addonId: a.addonId,
      productId: a.productId,
      description: a.description,
      quantity: a.quantity,
      unitPrice: a.unitPrice,
      prorate: a.prorate ?? true,
    })),
  ];
  return openItems(deps, tx, items, options, {
    today: input.today,
    source: input.source,
    kind: input.firstKind ?? "recurring",
    atCommit: input.atCommit ?? false,
  });
}

/** Adds an add-on to a billed subscription: charged from `from` on the base's cycle. */
export async function addBillingItem(
  deps: Deps,
  tx: Tx,
  input: {
    tenantId: string;
    subscriptionId: string;
    addon: BillableAddon;
    from: PlainDate;
    today: PlainDate;
    source: string;
  },
): Promise<BillingEffect> {
  const [base] = await lockItems(tx, input.tenantId, input.subscriptionId);
  if (!base) return { charges: [], documents: [] }; // not billed (a trial): nothing to charge
  const options = await loadOptions(tx, input.tenantId, base.billToAccountId);
  const now = deps.clock.now();
  const item: BillingItemRow = {
    ...base,
    id: deps.ids.next("bit"),
    addonId: input.addon.addonId,
    productId: input.addon.productId,
    description: input.addon.description,
    quantity: input.addon.quantity,
    unitPrice: input.addon.unitPrice,
    prorate: input.addon.prorate ?? true,
    discountBasisPoints: 0,
    ...NO_PROMOTION,
    nextPeriodStart: input.from.toString(),
    nextUnitPrice: null,
    nextDiscountBasisPoints: null,
    nextPriceFrom: null,
    excludedInstallments: 0,
    createdAt: now,
    updatedAt: now,
  };
  return openItems(deps, tx, [item], options, { today: input.today, source: input.source, kind: "addon" });
}

/**
 * New items and what they bill today, written in ONE statement with their invoice (the order
 * path: items, charges, the document and its gapless number — no round trip per row).
 */
async function openItems(
  deps: Deps,
  tx: Tx,
  items: BillingItemRow[],
  options: BillingOptions,
  input: { today: PlainDate; source: string; kind: ChargeKind; atCommit?: boolean },
): Promise<BillingEffect> {
  assertBillable(items);
  const charges = planDue(deps, items, options, input);
  const due = charges.filter((c) => c.invoiceOn <= input.today.toString());
  const documents = await writeOpening(deps, tx, items[0]!.tenantId, items, charges, due, {
    issueDate: input.today.toString(),
    source: input.source,
    atCommit: input.atCommit ?? false,
  });
  return recordEffect(tx, { charges, documents });
}

/**
 * Bills the items' due periods up to today and advances them. A whole period is invoiced on its
 * start; a partial one (the first period before the billing day) on the next billing day when the
 * account collects partial charges (Billing Day), else at once. Invoices what is due today.
 */
export async function billNow(
  deps: Deps,
  tx: Tx,
  items: readonly BillingItemRow[],
  options: BillingOptions,
  input: { today: PlainDate; source: string; kind: ChargeKind },
): Promise<BillingEffect> {
  const before = new Map(items.map((i) => [i.id, i.nextPeriodStart]));
  const rows = planDue(deps, items, options, input);
  for (const item of items)
    if (item.nextPeriodStart !== before.get(item.id))
      await updateItem(tx, item.tenantId, item.id, {
        nextPeriodStart: item.nextPeriodStart,
        status: item.status,
        updatedAt: deps.clock.now(),
      });
  const written = await writeCharges(tx, rows);
  const due = written.filter((c) => c.invoiceOn <= input.today.toString());
  const documents = items.length
    ? await issueDocuments(deps, tx, items[0]!.tenantId, due, {
        issueDate: input.today.toString(),
        source: input.source,
      })
    : [];
  return recordEffect(tx, { charges: written, documents });
}

/**
 * The charges the items' due periods make up to today; advances the items in memory. A whole
 * period is invoiced on its start; a partial one (the first period before the billing day) on the
 * next billing day when the account collects partial charges (Billing Day), else at once.
 */
function planDue(
  deps: Deps,
  items: readonly BillingItemRow[],
  options: BillingOptions,
  input: { today: PlainDate; source: string; kind: ChargeKind },
): ChargeRow[] {
  const rows: ChargeRow[] = [];
  for (const item of items) {
    const lines = duePeriods(
      {
        ...item,
        term: item.term as Term,
        cycleAnchor: parseDate(item.cycleAnchor),
        nextPeriodStart: parseDate(item.nextPeriodStart),
        endsOn: item.endsOn ? parseDate(item.endsOn) : null,
        promotion: itemPromotion(item),
      },
      input.today,
      { prorate: prorates(options, item) },
    );
    if (lines.length === 0) continue;
    for (const [i, line] of lines.entries()) {
      const partial = line.days < line.periodDays;
      const invoiceOn =
        partial && options.partialCharges === "billing_day"
          ? addDays(line.to, 1).toString()
          : line.from.toString();
      rows.push(
        chargeRow(deps, item, line, options, {
          kind: i === 0 ? input.kind : "recurring",
          dedupeKey: `rec:${item.id}:${line.periodStart}`,
          invoiceOn,
          source: input.source,
        }),
      );
    }
    const next = addDays(lines.at(-1)!.to, 1);
    item.nextPeriodStart = next.toString();
    if (item.endsOn !== null && compareDates(next, parseDate(item.endsOn)) > 0) item.status = "ended";
  }
  return rows;
}
