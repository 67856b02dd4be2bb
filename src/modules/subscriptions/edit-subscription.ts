import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../shared/errors.ts";
import { assertContactOf, assertStaffUser } from "../tenancy/index.ts";
import { copyRefusal, recordHistory, runCommand } from "./subscriptions.core.ts";
import { type CommandOutcome, loadTarget, outcome } from "./subscriptions.guards.ts";
import { updateSubscription } from "./subscriptions.repo.ts";
import type { CommandContext, CommandOptions } from "./subscriptions.types.ts";

/** Edit Subscription (BSS): the descriptive fields. Quantity, product, dates and status change only through their commands. */
export const EditSubscriptionInput = z
  .strictObject({
    /** Locked on a distributor copy (R-TEN-02: "<End Customer> - <Product>"). */
    name: z.string().trim().min(1).max(200).optional(),
    responsibleUserId: z.string().min(1).max(100).nullable().optional(),
    billToContactId: z.string().min(1).max(100).nullable().optional(),
    subscriptionType: z.string().trim().min(1).max(100).nullable().optional(),
    /** The tenant's own extra fields (string, number or boolean values). */
    customFields: z
      .record(z.string().min(1).max(100), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
      .optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: "Give at least one field to change" });
export type EditSubscriptionInput = z.infer<typeof EditSubscriptionInput>;

/**
 * Edits a subscription's unlocked fields. On a distributor copy (R-TEN-05) the distributor may set
 * the responsible user, the bill-to contact, the subscription type and its custom fields; the name
 * and everything the tenant reseller's BSS owns stay locked (refused with R-TEN-05).
 */
export async function editSubscription(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string } & EditSubscriptionInput,
  options: CommandOptions = {},
): Promise<CommandOutcome> {
  return runCommand(deps, options, async (tx) => {
    const target = await loadTarget(deps, tx, ctx, input.subscriptionId, { allowCopy: true });
    const sub = target.subscription;
    if (sub.managedByTenantId && input.name !== undefined) {
      const refusal = await copyRefusal(tx, sub);
      throw new AppError("R-TEN-05", `${refusal.message} The name is locked.`, {
        ...refusal.details,
        fields: ["name"],
      });
    }
    if (input.responsibleUserId) await assertStaffUser(tx, sub.tenantId, input.responsibleUserId);
    if (input.billToContactId)
      await assertContactOf(tx, sub.tenantId, sub.billToAccountId ?? sub.accountId, input.billToContactId);
    const patch = Object.fromEntries(
      Object.entries({
        name: input.name,
        responsibleUserId: input.responsibleUserId,
        billToContactId: input.billToContactId,
        subscriptionType: input.subscriptionType,
        customFields: input.customFields
          ? { ...(sub.customFields as Record<string, unknown>), ...input.customFields }
          : undefined,
      }).filter(([, v]) => v !== undefined),
    );
    const changes = Object.fromEntries(
      Object.entries(patch).map(([k, v]) => [
        k,
        { from: (sub as Record<string, unknown>)[k] ?? null, to: v },
      ]),
    );
    await updateSubscription(tx, sub.tenantId, sub.id, { ...patch, updatedAt: deps.clock.now() });
    await recordHistory(deps, tx, ctx, sub.id, {
      action: "edited",
      summary: `Edited ${Object.keys(patch).join(", ")}`,
      effectiveDate: target.today,
      changes,
    });
    return outcome(tx, target, {
      violations: [],
      effect: "immediate",
      effectiveDate: target.today.toString(),
      rule: null,
    });
  });
}
