import { z } from "zod";
import { toMoneyJson } from "../../shared/money.ts";
import type { AddonOutcome } from "./add-addon.ts";
import type { DowngradeOutcome } from "./downgrade-subscription.ts";
import type { UpgradeOptions } from "./list-upgrade-options.ts";
import {
  type Area,
  CommandOutcomeJson,
  detailsJson,
  MoneyJson,
  outcomeJson,
  SubscriptionDetailsJson,
  ViolationJson,
} from "./subscriptions.json.ts";
import type { UpgradeOutcome } from "./upgrade-subscription.ts";

/** API views of the plan-change commands: the shared command outcome plus what each adds. */

export const UpgradeOutcomeJson = CommandOutcomeJson.extend({
  mode: z.enum(["full", "partial"]),
  targetProductId: z.string(),
  movedQuantity: z.number(),
  newSubscription: SubscriptionDetailsJson.nullable(),
});
export const DowngradeOutcomeJson = CommandOutcomeJson.extend({
  targetProductId: z.string(),
});
export const AddonOutcomeJson = CommandOutcomeJson.extend({
  addonId: z.string().nullable(),
});

export const UpgradeOptionsJson = z.object({
  subscriptionId: z.string(),
  quantity: z.number(),
  mode: z.enum(["full", "partial"]),
  items: z.array(
    z.object({
      product: z.object({
        id: z.string(),
        sku: z.string(),
        name: z.string(),
        term: z.string(),
        isTrial: z.boolean(),
        minQuantity: z.number(),
        maxQuantity: z.number().nullable(),
      }),
      unitPrice: MoneyJson,
      allowed: z.boolean(),
      violations: z.array(ViolationJson),
    }),
  ),
});

export function upgradeOutcomeJson(o: UpgradeOutcome, area: Area): z.infer<typeof UpgradeOutcomeJson> {
  return {
    ...outcomeJson(o, area),
    mode: o.mode,
    targetProductId: o.targetProductId,
    movedQuantity: o.movedQuantity,
    newSubscription: o.newSubscription ? detailsJson(o.newSubscription, area) : null,
  };
}

export function downgradeOutcomeJson(o: DowngradeOutcome, area: Area): z.infer<typeof DowngradeOutcomeJson> {
  return { ...outcomeJson(o, area), targetProductId: o.targetProductId };
}

export function addonOutcomeJson(
  o: AddonOutcome & { cancellationRequest?: { id: string | null; reason: string } | undefined },
  area: Area,
): z.infer<typeof AddonOutcomeJson> {
  return { ...outcomeJson(o, area), addonId: o.addonId };
}

export function upgradeOptionsJson(o: UpgradeOptions): z.infer<typeof UpgradeOptionsJson> {
  return {
    ...o,
    items: o.items.map((i) => ({
      product: { ...i.product, maxQuantity: i.product.maxQuantity ?? null },
      unitPrice: toMoneyJson(i.unitPrice, i.currency),
      allowed: i.allowed,
      violations: i.violations.map((v) => ({
        code: v.code,
        message: v.message,
        ...(v.details ? { details: v.details } : {}),
      })),
    })),
  };
}
