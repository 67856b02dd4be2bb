import type { Db } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import { type Account, getAccount } from "../tenancy/index.ts";

/** R-CAT-07: only a Standard Edition reseller has a Storefront (and so publications). */
export function isStorefrontReseller(account: Pick<Account, "kind" | "edition" | "status">): boolean {
  return account.kind === "reseller" && account.edition === "standard" && account.status === "active";
}

/** The reseller account of the tenant that can publish; not_found outside the tenant. */
export async function getStorefrontReseller(db: Db, tenantId: string, accountId: string): Promise<Account> {
  const account = await getAccount(db, tenantId, accountId);
  if (!isStorefrontReseller(account))
    throw new AppError(
      "R-CAT-07",
      `${account.name} has no Storefront: only an active Standard Edition reseller can publish products.`,
      {
        accountId,
      },
    );
  return account;
}
