import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { line, orderWorld } from "../../../test/order-fixtures.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
} from "../../../test/subscription-fixtures.ts";
import { placeBssOrder } from "../orders/index.ts";
import { addAddon } from "./add-addon.ts";
import { cancelAddon } from "./cancel-addon.ts";
import type { CommandContext } from "./subscriptions.types.ts";

/**
 * Review: Dropbox add-on quantities (R-ORD-04) are fixed — the order pre-check refuses
 * "DBX-1TB-MCMB × 4" ("comes in a fixed quantity of 1", R-ORD-04), but adding the same add-on to
 * an existing subscription accepts any quantity. And the add-on cancel refusal outside the
 * window tells the user to "Cancel it at the end of the billing period instead", which no
 * endpoint offers (the add-on cancel has no mode).
 */
describe("review: Dropbox add-on quantity and cancel message", () => {
  let t: TestContext;
  let w: SubscriptionWorld;
  let bss: CommandContext;
  before(async () => {
    t = await createTestContext();
    w = await setupSubscriptionWorld(t.deps);
    bss = { actor: w.actors.clerk, channel: "bss" };
  });
  after(() => t.close());

  it("R-ORD-04 the order pre-check and add-add-on agree: the 1 TB pack comes in quantity 1", async () => {
    const ow = await orderWorld(t.deps); // a second tenant with the same catalogue, for the order side
    const order = await placeBssOrder(
      t.deps,
      ow.actors.clerk,
      {
        accountId: ow.customerA1.id,
        lines: [line(ow, "DBX-STD-MCMB", 3, { addons: [{ sku: "DBX-1TB-MCMB", quantity: 4 }] })],
      },
      { dryRun: true },
    );
    assert.deepEqual(
      order.violations.map((v) => v.code),
      ["R-ORD-04"],
      "ordering 4 packs is refused",
    );

    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
    });
    const pack = await w.product("DBX-1TB-MCMB");
    let refused = false;
    try {
      const res = await addAddon(
        t.deps,
        bss,
        { subscriptionId: sub.id, productId: pack.id, quantity: 4 },
        { dryRun: true },
      );
      refused = res.violations.length > 0;
    } catch {
      refused = true;
    }
    assert.ok(refused, "adding 4 × the 1 TB pack to the subscription must be refused like ordering it");
  });

  it("R-CAN-01 the add-on refusal outside the window points to an action that exists", async () => {
    const start = (await import("./subscriptions.core.ts")).todayFor;
    const today = await start(t.deps, t.deps.db, w.tenant.id);
    const { subscription: sub, addons } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
      addons: [{ sku: "DBX-1TB-MCMB", quantity: 1 }],
      startDate: today.subtract({ days: 20 }).toString(),
    });
    const res = await cancelAddon(
      t.deps,
      bss,
      { subscriptionId: sub.id, addonId: addons[0]!.id },
      { dryRun: true },
    );
    assert.deepEqual(
      res.violations.map((v) => v.code),
      ["R-CAN-01"],
    );
    assert.doesNotMatch(
      res.violations[0]!.message,
      /end of the billing period instead/,
      "there is no End of Billing Period mode for an add-on cancellation",
    );
  });
});
