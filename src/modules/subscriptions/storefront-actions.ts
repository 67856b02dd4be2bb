import type { Deps } from "../../deps.ts";
import { compareDates, parseDate } from "../../shared/dates.ts";
import { transaction } from "../../shared/db.ts";
import type { Violation } from "../../shared/errors.ts";
import { loadProductDetails } from "../catalog/index.ts";
import type { StorefrontActor } from "../tenancy/index.ts";
import { findPendingRequest } from "./cancellation-requests.repo.ts";
import { findVisible } from "./get-subscription.ts";
import { buyLicencesViolation, publishedFor } from "./plan-changes.apply.ts";
import { checkChangeable, trialCode } from "./plan-changes.rules.ts";
import { todayFor } from "./subscriptions.core.ts";
import {
  canceledViolation,
  decide,
  decisionViolation,
  pendingVendorViolation,
  quantityChangeViolations,
} from "./subscriptions.guards.ts";
import { listAddons } from "./subscriptions.repo.ts";
import type { CommandContext } from "./subscriptions.types.ts";

/**
 * One entry of the Storefront's *I want to…* menu (R-DSH-06, issue 16): `offered` false → the menu
 * does not show it at all (the seeds hide Buy Licenses on an unpublished product, Cancel an Add-on
 * without add-ons, and — here — Upgrade without a published upgrade path); `available` false →
 * shown disabled with `reason`, the violation the command itself would answer today.
 */
export interface ActionAvailability {
  offered: boolean;
  available: boolean;
  reason: { code: string; message: string } | null;
}

export interface StorefrontActions {
  buyLicences: ActionAvailability;
  upgrade: ActionAvailability & { targets: number };
  cancelAddon: ActionAvailability;
  cancel: ActionAvailability;
}

const ok: ActionAvailability = { offered: true, available: true, reason: null };
const refused = (v: Violation, offered = true): ActionAvailability => ({
  offered,
  available: false,
  reason: { code: v.code, message: v.message },
});
const judge = (v: Violation | undefined, offered = true) => (v ? refused(v, offered) : ok);

/**
 * Which actions of the menu can succeed for this subscription, judged by the same guards the
 * commands start with (canceled, waiting for the vendor, Active and synchronized, the product's
 * change rules, publication) — without running any command's preview. What depends on the
 * dialog's input (how many licences, which target, which add-on) is still judged by the preview.
 * Read-only: no row lock, unlike a command.
 */
export async function getStorefrontActions(
  deps: Deps,
  actor: StorefrontActor,
  subscriptionId: string,
): Promise<StorefrontActions> {
  const ctx: CommandContext = { actor, channel: "storefront" };
  return transaction(deps.db, async (tx) => {
    const sub = await findVisible(tx, actor, subscriptionId); // 404 outside the subtree
    const product = await loadProductDetails(tx, { tenantId: sub.tenantId }, sub.productId);
    const addons = await listAddons(tx, sub.tenantId, sub.id);
    const today = await todayFor(deps, tx, sub.tenantId);
    const target = { subscription: sub, product, addons, today };
    const stop = canceledViolation(sub) ?? pendingVendorViolation(sub);
    const published = (await publishedFor(tx, ctx, sub)) ?? new Set<string>();
    const unpublished = published.has(sub.productId) ? undefined : await buyLicencesViolation(tx, ctx, sub);
    const buyLicences = unpublished
      ? refused(unpublished, false) // R-DSH-06: hidden when the product is not published
      : judge(
          stop ??
            quantityChangeViolations(sub)[0] ??
            decisionViolation(decide(target, ctx, "increase"), "increase"),
        );
    const policies = product.effectivePolicies;
    const trialEnded =
      sub.isTrial && sub.trialEndDate && compareDates(today, parseDate(sub.trialEndDate)) > 0
        ? {
            code: trialCode(policies),
            message: `The trial ended on ${sub.trialEndDate}; an ended trial can no longer be upgraded.`,
          }
        : undefined;
    const upgradeBlock =
      stop ??
      checkChangeable(sub)[0] ??
      (trialEnded as Violation | undefined) ??
      decisionViolation(decide(target, ctx, "upgrade"), "upgrade");
    const active = addons.filter((a) => a.status === "active");
    const cancelAddon =
      active.length === 0
        ? refused({ code: "R-DSH-06", message: "This subscription has no add-ons to cancel." }, false)
        : judge(stop);
    const pendingRequest = await findPendingRequest(tx, sub.tenantId, sub.id, null);
    const cancelRefusal =
      stop ??
      (sub.status !== "active"
        ? {
            code: "R-DSH-06" as const,
            message: `Only an Active subscription can be cancelled in the Storefront (this one is ${sub.status.replaceAll("_", " ")}); ask your reseller.`,
          }
        : undefined) ??
      (pendingRequest
        ? {
            code: "R-CRQ-03" as const,
            message: "A cancellation request for this subscription is waiting for your reseller's decision.",
          }
        : undefined) ??
      bothIllegal(
        decisionViolation(decide(target, ctx, "cancel"), "cancel"),
        decisionViolation(decide(target, ctx, "cancel_end_of_period"), "cancel_end_of_period"),
      );
    // The published targets on the upgrade paths, as the upgrade pop-up lists them (upgrade-options:
    // active base products of the closure, R-UPG-06, that the reseller publishes, R-CAT-07) — read
    // from the closure loadProductDetails already has instead of a catalogue listing.
    const targets = product.upgrades.filter(
      (u) => u.kind === "base" && u.status === "active" && published.has(u.id),
    ).length;
    const upgrade =
      targets === 0
        ? refused({ code: "R-UPG-01", message: `No upgrade of ${sub.name} is offered in this store.` }, false)
        : judge(upgradeBlock);
    return {
      buyLicences,
      upgrade: { ...upgrade, targets },
      cancelAddon,
      cancel: judge(cancelRefusal),
    };
  });
}

/** The cancel dialog offers both timings: the action is refused only when both are. */
function bothIllegal(now: Violation | undefined, atEnd: Violation | undefined): Violation | undefined {
  return now && atEnd ? atEnd : undefined;
}
