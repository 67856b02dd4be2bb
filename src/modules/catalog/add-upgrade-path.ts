import type { Deps } from "../../deps.ts";
import { isUniqueViolation, transaction } from "../../shared/db.ts";
import { conflict, notFound, violationsError } from "../../shared/errors.ts";
import { findProduct, findProductType, insertUpgradePath, listTypeUpgradeEdges } from "./catalog.repo.ts";
import { checkUpgradePath } from "./catalog.rules.ts";
import type { TenantScope, UpgradePath } from "./catalog.types.ts";

/** Declares B as an upgrade of A by hand, validated by the rules (R-UPG-06, R-UPG-02, R-TRL-01). */
export async function addUpgradePath(
  deps: Deps,
  actor: TenantScope,
  input: { fromProductId: string; toProductId: string },
): Promise<UpgradePath> {
  return transaction(deps.db, async (tx) => {
    const from = await findProduct(tx, actor.tenantId, input.fromProductId);
    if (!from) throw notFound("Product", input.fromProductId);
    const to = await findProduct(tx, actor.tenantId, input.toProductId);
    if (!to) throw notFound("Product", input.toProductId);
    const type = await findProductType(tx, actor.tenantId, from.productTypeId);
    const edges = await listTypeUpgradeEdges(tx, actor.tenantId, from.productTypeId);
    const violations = checkUpgradePath(edges, from, to, {
      sameTermOnly: type?.policies.upgrade?.sameTermOnly ?? true,
    });
    if (violations.length > 0) throw violationsError(violations);
    try {
      return await insertUpgradePath(tx, {
        id: deps.ids.next("upg"),
        tenantId: actor.tenantId,
        fromProductId: from.id,
        toProductId: to.id,
        source: "manual",
        createdAt: deps.clock.now(),
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`${to.name} is already an upgrade of ${from.name}.`);
      throw e;
    }
  });
}
