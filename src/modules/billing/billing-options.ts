import type { Deps } from "../../deps.ts";
import { AppError } from "../../shared/errors.ts";
import { parseInput } from "../../shared/parse-input.ts";
import { findExistingProductIds } from "../catalog/index.ts";
import { type BssActor, getAccount, hasBssRole } from "../tenancy/index.ts";
import { loadOptions, optionsOf } from "./billing.core.ts";
import { findBillingAccount, upsertBillingAccount } from "./billing.repo.ts";
import { type BillingOptions, BillingOptionsInput } from "./billing.types.ts";

/**
 * An account's billing options (spec/billing.md): billing day, proration and the products billed
 * without it, when partial charges are invoiced, currency and tax rate. Changes apply to what is
 * billed from then on; issued documents never change.
 */
export async function getBillingOptions(
  deps: Deps,
  actor: BssActor,
  accountId: string,
): Promise<BillingOptions> {
  await getAccount(deps.db, actor.tenantId, accountId);
  return loadOptions(deps.db, actor.tenantId, accountId);
}

/**
 * Every product of the no-proration list is a product of the caller's tenant (the column is a
 * text[] that no foreign key can guard); anything else is a 400 naming the entry.
 */
async function assertTenantProducts(
  deps: Deps,
  tenantId: string,
  productIds: readonly string[],
): Promise<void> {
  const found = await findExistingProductIds(deps.db, tenantId, productIds);
  const issues = productIds.flatMap((id, i) =>
    found.has(id)
      ? []
      : [{ path: `noProrationProductIds.${i}`, message: `${id} is not a product of this BSS` }],
  );
  if (issues.length > 0)
    throw new AppError(
      "validation_failed",
      `Invalid input — ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      { issues },
    );
}

export async function updateBillingOptions(
  deps: Deps,
  actor: BssActor,
  accountId: string,
  raw: unknown,
): Promise<BillingOptions> {
  if (!hasBssRole(actor, "clerk")) throw new AppError("forbidden", "This needs the clerk role or higher");
  const input = parseInput(BillingOptionsInput, raw ?? {});
  await getAccount(deps.db, actor.tenantId, accountId);
  if (input.noProrationProductIds)
    await assertTenantProducts(deps, actor.tenantId, input.noProrationProductIds);
  const current = optionsOf(accountId, await findBillingAccount(deps.db, actor.tenantId, accountId));
  const row = await upsertBillingAccount(deps.db, {
    tenantId: actor.tenantId,
    accountId,
    billingDay: input.billingDay ?? current.billingDay,
    prorate: input.prorate ?? current.prorate,
    noProrationProductIds: [...new Set(input.noProrationProductIds ?? current.noProrationProductIds)],
    partialCharges: input.partialCharges ?? current.partialCharges,
    currency: input.currency === undefined ? current.currency : input.currency,
    taxRateBasisPoints: input.taxRateBasisPoints ?? current.taxRateBasisPoints,
    paymentTermsDays: input.paymentTermsDays ?? current.paymentTermsDays,
    updatedAt: deps.clock.now(),
  });
  return optionsOf(accountId, row);
}
