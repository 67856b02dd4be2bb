import type { Deps } from "../../deps.ts";
import type { PlainDate } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import type { CopyPrice, CopyPurchase, CopyState } from "./copy-subscription.ts";
import { protectionFor } from "./price-protection.ts";
import { billAddon, billCredit, billIncrease } from "./subscriptions.billing.ts";
import type { ScheduledChangeRow } from "./subscriptions.repo.ts";
import {
  insertAddon,
  insertScheduledChange,
  listAddons,
  listScheduledChanges,
  resolveScheduledChange,
  updateAddon,
} from "./subscriptions.repo.ts";
import type { CommandContext, SubscriptionRow } from "./subscriptions.types.ts";

/**
 * The parts of a distributor copy that follow the tenant's one by one (R-TEN-04): a quantity (the
 * base's or an add-on's), the add-ons, and the pending changes. Used by copy-subscription.ts.
 */

export const priceOf = (row: {
  unitPrice: bigint;
  unitCost: bigint;
  priceListId?: string | null;
}): CopyPrice => ({
  unitPrice: row.unitPrice,
  unitCost: row.unitCost,
  priceListId: row.priceListId ?? null,
});

/**
 * A quantity of the copy (the base when `addonId` is null) goes `from` → `to` on date `at`:
 * more licences are charged to the end of the billed period, fewer are credited from `at`.
 * Returns the purchased licences (0 for a decrease).
 */
export async function billQuantity(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  sub: SubscriptionRow,
  change: { addonId: string | null; from: number; to: number; what: string },
  today: PlainDate,
  at: PlainDate,
): Promise<number> {
  if (change.to > change.from) {
    await billIncrease(deps, tx, ctx, sub, { addonId: change.addonId, quantity: change.to }, today, at);
    return change.to - change.from;
  }
  if (change.to < change.from)
    await billCredit(
      deps,
      tx,
      ctx,
      sub,
      { addonId: change.addonId, from: at, quantity: change.from - change.to, end: false, what: change.what },
      today,
    );
  return 0;
}

/** The copy's add-ons become the tenant's: cancelled ones credited, new ones charged, quantities followed. */
export async function mirrorAddons(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  sub: SubscriptionRow,
  input: { state: CopyState; price: (productId: string) => CopyPrice; today: PlainDate; from: PlainDate },
  out: { changed: string[]; purchases: CopyPurchase[] },
): Promise<void> {
  const { today, from } = input;
  const now = deps.clock.now();
  const current = (await listAddons(tx, sub.tenantId, sub.id)).filter((a) => a.status === "active");
  const wanted = input.state.addons.filter((a) => a.status === "active");
  for (const addon of current) {
    const target = wanted.find((w) => w.product.id === addon.productId);
    if (!target) {
      const what = `add-on ${addon.name} canceled`;
      await billCredit(deps, tx, ctx, sub, { addonId: addon.id, from, end: true, what }, today);
      await updateAddon(tx, sub.tenantId, addon.id, {
        status: "canceled",
        canceledDate: from.toString(),
        updatedAt: now,
      });
      out.changed.push(what);
    } else if (target.quantity !== addon.quantity) {
      const change = {
        addonId: addon.id,
        from: addon.quantity,
        to: target.quantity,
        what: `add-on ${addon.name} decrease`,
      };
      const bought = await billQuantity(deps, tx, ctx, sub, change, today, from);
      if (bought > 0)
        out.purchases.push({
          productId: addon.productId,
          quantity: bought,
          ...priceOf({ ...addon, priceListId: sub.priceListId }),
        });
      await updateAddon(tx, sub.tenantId, addon.id, { quantity: target.quantity, updatedAt: now });
      out.changed.push(`add-on ${addon.name} ${addon.quantity} → ${target.quantity}`);
    }
  }
  for (const target of wanted) {
    if (current.some((a) => a.productId === target.product.id)) continue;
    const p = input.price(target.product.id);
    const row = await insertAddon(tx, {
      id: deps.ids.next("add"),
      tenantId: sub.tenantId,
      subscriptionId: sub.id,
      productId: target.product.id,
      name: target.product.name,
      quantity: target.quantity,
      unitPrice: p.unitPrice,
      unitCost: p.unitCost,
      priceProtectedUntil: await protectionFor(tx, sub, target.product.id, from), // R-PRC-02
      status: "active",
      addedDate: from.toString(),
      windowStartDate: from.toString(),
      createdAt: now,
      updatedAt: now,
    });
    await billAddon(deps, tx, ctx, sub, row, today, from);
    out.changed.push(`add-on ${target.product.name} added`);
    out.purchases.push({ productId: target.product.id, quantity: target.quantity, ...p });
  }
}

/**
 * The copy's pending changes become the tenant's (same kinds, dates and payloads), so that the
 * distributor's own run applies them on their date exactly as the tenant's does — the renewal then
 * bills the new state, not the old one followed by a credit. Whichever side's run comes first,
 * the other finds nothing left to change.
 */
export async function mirrorScheduled(
  deps: Deps,
  tx: Tx,
  sub: SubscriptionRow,
  wanted: CopyState["scheduled"],
): Promise<string[]> {
  const changed: string[] = [];
  const now = deps.clock.now();
  const addons = (await listAddons(tx, sub.tenantId, sub.id)).filter((a) => a.status === "active");
  // The tenant names add-ons by product; the copy's payload names its own add-on rows.
  const localize = (payload: Record<string, unknown>) => {
    const list = payload.addons as Array<{ productId: string; quantity: number }> | undefined;
    if (!list) return payload;
    return {
      ...payload,
      addons: list.flatMap((a) => {
        const mine = addons.find((x) => x.productId === a.productId);
        return mine ? [{ addonId: mine.id, productId: a.productId, quantity: a.quantity }] : [];
      }),
    };
  };
  const same = (change: ScheduledChangeRow, target: CopyState["scheduled"][number]) =>
    target.effectiveDate === change.effectiveDate &&
    JSON.stringify(localize(target.payload)) === JSON.stringify(change.payload);
  const kept = new Set<string>();
  for (const change of await listScheduledChanges(tx, sub.tenantId, sub.id, "pending")) {
    const target = wanted.find((w) => w.kind === change.kind);
    if (target && same(change, target)) {
      kept.add(change.kind);
      continue;
    }
    await resolveScheduledChange(tx, sub.tenantId, change.id, "revoked", now);
    if (!target) changed.push(`${change.kind} on ${change.effectiveDate} revoked`);
  }
  for (const target of wanted) {
    if (kept.has(target.kind)) continue;
    await insertScheduledChange(tx, {
      id: deps.ids.next("sch"),
      tenantId: sub.tenantId,
      subscriptionId: sub.id,
      kind: target.kind,
      effectiveDate: target.effectiveDate,
      payload: localize(target.payload),
      status: "pending",
      channel: "bss",
      requestedBy: null,
      createdAt: now,
    });
    changed.push(`${target.kind} scheduled for ${target.effectiveDate}`);
  }
  return changed;
}
