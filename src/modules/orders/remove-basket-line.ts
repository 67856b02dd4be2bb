import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import type { StorefrontActor } from "../tenancy/index.ts";
import { deleteLine, findBasket } from "./orders.repo.ts";
import { asStorefront } from "./storefront-context.ts";

/** Removes a line from the user's basket; a line of another basket is not found. */
export async function removeBasketLine(deps: Deps, actor: StorefrontActor, lineId: string): Promise<void> {
  const sf = asStorefront(actor);
  await transaction(deps.db, async (tx) => {
    const basket = await findBasket(tx, sf.tenantId, sf.userId, true);
    if (!basket || !(await deleteLine(tx, sf.tenantId, basket.id, lineId)))
      throw notFound("Basket line", lineId);
  });
}
