import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { countRows } from "../../../test/catalog-fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
} from "../../../test/subscription-fixtures.ts";
import { rejectsWith } from "../../../test/tenancy-fixtures.ts";
import { publishToStorefront } from "../catalog/index.ts";
import { addAddon } from "./add-addon.ts";
import { cancelAddon } from "./cancel-addon.ts";
import { changeQuantity } from "./change-quantity.ts";
import { listHistory, listScheduledChanges } from "./subscriptions.repo.ts";
import type { CommandContext } from "./subscriptions.types.ts";

/** Adding and cancelling add-ons (R-TRL-01, R-ORD-03/04, R-SGN-02/03/04/08, R-CAN-01). */
describe("add-ons of a subscription", () => {
  let t: TestContext;
  let w: SubscriptionWorld;
  let bss: CommandContext;
  let store: CommandContext;
  before(async () => {
    t = await createTestContext();
    w = await setupSubscriptionWorld(t.deps);
    bss = { actor: w.actors.clerk, channel: "bss" };
    store = { actor: w.actors.sfA1, channel: "storefront" };
    await publishToStorefront(t.deps, { tenantId: w.tenant.id }, w.reseller.id, {
      productId: await id("DBXS-SP-AC1Y"),
    });
  });
  after(() => t.close());

  const make = (sku: string, quantity: number, addons: { sku: string; quantity: number }[] = []) =>
    createTestSubscription(t.deps, w, { sku, quantity, addons });
  const id = async (sku: string) => (await w.product(sku)).id;
  const lastHistory = async (subscriptionId: string) =>
    (await listHistory(t.deps.db, w.tenant.id, subscriptionId, { limit: 100, offset: 0 })).rows.at(-1)!;

  it("R-TRL-01 no add-ons on a trial", async () => {
    const { subscription } = await make("DBX-STD-MCMB-TRIAL", 3);
    // The trial product lists no add-ons; asking for the paid plan's pack is told why (the rule).
    await assert.rejects(
      addAddon(t.deps, bss, { subscriptionId: subscription.id, productId: await id("DBX-1TB-MCMB") }),
      rejectsWith("R-TRL-01", /cannot be added to a trial/),
    );
    const preview = await addAddon(
      t.deps,
      store,
      { subscriptionId: subscription.id, productId: await id("DBX-1TB-MCMB") },
      { dryRun: true },
    );
    assert.deepEqual(
      preview.violations.map((v) => v.code),
      ["R-TRL-01", "R-CAT-07"],
      "the Storefront also sells only published add-ons",
    );
  });

  it("R-ORD-03 Advanced Server holds one storage add-on at most", async () => {
    const { subscription } = await make("DBX-ASV-AC1Y", 3);
    const ten = await addAddon(t.deps, bss, {
      subscriptionId: subscription.id,
      productId: await id("DBX-ASV-10TB-AC1Y"),
    });
    assert.deepEqual(
      ten.subscription.addons.map((a) => [a.id, a.quantity, a.status]),
      [[ten.addonId, 1, "active"]],
    );
    await assert.rejects(
      addAddon(t.deps, bss, { subscriptionId: subscription.id, productId: await id("DBX-ASV-50TB-AC1Y") }),
      rejectsWith("R-ORD-03", /only one storage add-on/),
    );
    await assert.rejects(
      addAddon(t.deps, bss, {
        subscriptionId: (await make("DBX-ASV-AC1Y", 3)).subscription.id,
        productId: await id("DBX-ASV-10TB-AC1Y"),
        quantity: 2,
      }),
      rejectsWith("R-ORD-04", /fixed quantity of 1/),
    );
  });

  it("R-ORD-04 a Dropbox add-on's quantity is never edited: no re-adding, no partial cancellation", async () => {
    const { subscription, addons } = await make("DBX-STD-AC1Y", 3, [{ sku: "DBX-1TB-AC1Y", quantity: 2 }]);
    await assert.rejects(
      addAddon(t.deps, bss, {
        subscriptionId: subscription.id,
        productId: addons[0]!.productId,
        quantity: 3,
      }),
      rejectsWith("R-ORD-04", /cannot be changed once ordered/),
    );
    await assert.rejects(
      cancelAddon(t.deps, bss, { subscriptionId: subscription.id, addonId: addons[0]!.id, quantity: 1 }),
      rejectsWith("R-ORD-04", /cannot be changed once ordered/),
    );
  });

  it("R-SGN-02 Salesforce, CPQ and Template Pack 15 need 5 seats", async () => {
    const small = (await make("DBXS-STD-AC1Y", 3)).subscription;
    await assert.rejects(
      addAddon(t.deps, bss, { subscriptionId: small.id, productId: await id("DBXS-TP15-AC1Y") }),
      rejectsWith("R-SGN-02", /at least 5 seats/),
    );
    const sharePoint = await addAddon(t.deps, bss, {
      subscriptionId: small.id,
      productId: await id("DBXS-SP-AC1Y"),
    });
    assert.equal(sharePoint.violations.length, 0);
    const big = (await make("DBXS-STD-AC1Y", 5)).subscription;
    const tp = await addAddon(t.deps, bss, { subscriptionId: big.id, productId: await id("DBXS-TP15-AC1Y") });
    assert.equal(tp.subscription.addons.length, 1);
  });

  it("R-SGN-03 Salesforce and Salesforce CPQ never together", async () => {
    const { subscription } = await make("DBXS-PRE-AC1M", 5, [{ sku: "DBXS-SFDC-AC1M", quantity: 5 }]);
    await assert.rejects(
      addAddon(t.deps, bss, { subscriptionId: subscription.id, productId: await id("DBXS-CPQ-AC1M") }),
      rejectsWith("R-SGN-03", /not both/),
    );
  });

  it("R-SGN-04 BSS: a Sign add-on takes the base quantity whatever was asked", async () => {
    const { subscription } = await make("DBXS-STD-AC1Y", 7);
    const result = await addAddon(t.deps, bss, {
      subscriptionId: subscription.id,
      productId: await id("DBXS-SP-AC1Y"),
      quantity: 3,
    });
    assert.equal(result.subscription.addons[0]!.quantity, 7);
    const entry = await lastHistory(subscription.id);
    assert.deepEqual(
      [entry.action, (entry.changes as { requestedQuantity: number }).requestedQuantity],
      ["addon_added", 3],
    );
    assert.deepEqual(
      result.billing.charges.map((c) => [c.kind, c.addonId, c.quantity]),
      [["addon", result.addonId, 7]],
    );
  });

  it("R-SGN-04 an add-on added while a decrease is scheduled is lowered with the base at renewal", async () => {
    // Template Pack 15 needs 5 seats (R-SGN-02): refused against the renewal's 4 seats.
    const { subscription } = await make("DBXS-STD-AC1Y", 7);
    await changeQuantity(t.deps, bss, { subscriptionId: subscription.id, quantity: 4 });
    await assert.rejects(
      addAddon(t.deps, bss, { subscriptionId: subscription.id, productId: await id("DBXS-TP15-AC1Y") }),
      rejectsWith("R-SGN-02", /renews with 4/),
    );
    const sp = await make("DBXS-STD-AC1Y", 7);
    await changeQuantity(t.deps, bss, { subscriptionId: sp.subscription.id, quantity: 4 });
    const res = await addAddon(t.deps, bss, {
      subscriptionId: sp.subscription.id,
      productId: await id("DBXS-SP-AC1Y"),
    });
    assert.equal(res.subscription.addons[0]!.quantity, 7, "today the add-on has the base's 7");
    const [decrease] = (
      await listScheduledChanges(t.deps.db, w.tenant.id, sp.subscription.id, "pending")
    ).filter((c) => c.kind === "quantity_decrease");
    assert.deepEqual((decrease!.payload as { addons: { addonId: string; quantity: number }[] }).addons, [
      { addonId: res.addonId, productId: await id("DBXS-SP-AC1Y"), quantity: 4 },
    ]);
    assert.equal((await lastHistory(sp.subscription.id)).action, "quantity_decrease_updated");
  });

  it("R-SGN-04 Storefront: a mismatched quantity is refused; the base quantity is accepted", async () => {
    const { subscription } = await make("DBXS-STD-AC1Y", 7);
    const sp = await id("DBXS-SP-AC1Y");
    await assert.rejects(
      addAddon(t.deps, store, { subscriptionId: subscription.id, productId: sp, quantity: 3 }),
      rejectsWith("R-SGN-04", /same quantity as the subscription/),
    );
    const ok = await addAddon(t.deps, store, { subscriptionId: subscription.id, productId: sp, quantity: 7 });
    assert.equal(ok.subscription.addons[0]!.quantity, 7);
    assert.equal((await lastHistory(subscription.id)).channel, "storefront");
  });

  it("R-SGN-08 Sign add-ons are cancelled whole within the window, with the instructions in history; never partly", async () => {
    const { subscription, addons } = await make("DBXS-STD-AC1Y", 5, [{ sku: "DBXS-SFDC-AC1Y", quantity: 5 }]);
    const addonId = addons[0]!.id;
    await assert.rejects(
      cancelAddon(t.deps, bss, { subscriptionId: subscription.id, addonId, quantity: 2 }),
      (e: { code: string; details: { violations: { code: string }[] } }) => {
        assert.equal(e.code, "R-SGN-08");
        assert.deepEqual(
          e.details.violations.map((v) => v.code),
          ["R-SGN-08", "R-SGN-04"],
        );
        return true;
      },
    );
    const before = await countRows(t.deps, "subscription_history", w.tenant.id);
    const preview = await cancelAddon(
      t.deps,
      store,
      { subscriptionId: subscription.id, addonId, instructions: "x" },
      { dryRun: true },
    );
    assert.equal(
      await countRows(t.deps, "subscription_history", w.tenant.id),
      before,
      "a preview writes nothing",
    );
    const result = await cancelAddon(t.deps, store, {
      subscriptionId: subscription.id,
      addonId,
      instructions: "Customer moved to another CRM",
    });
    assert.deepEqual([preview.preview, result.preview], [true, false]);
    assert.deepEqual(
      result.subscription.addons.map((a) => [a.status, a.canceledDate]),
      [["canceled", result.effectiveDate]],
    );
    const entry = await lastHistory(subscription.id);
    assert.equal(entry.action, "addon_canceled");
    assert.match(entry.summary, /instructions: Customer moved to another CRM/);
    assert.equal((entry.changes as { instructions: string }).instructions, "Customer moved to another CRM");
    assert.deepEqual(
      result.billing.charges.map((c) => [c.kind, c.addonId, c.quantity, c.amount < 0n]),
      [["credit", addonId, 5, true]],
    );
    await assert.rejects(
      cancelAddon(t.deps, bss, { subscriptionId: subscription.id, addonId }),
      rejectsWith("conflict", /already cancelled/),
    );
  });

  it("R-SGN-08 / R-CAN-01 after the 14-day window add-ons are not cancelled (Sign and Dropbox)", async () => {
    const sign = await make("DBXS-STD-MCMB", 5, [{ sku: "DBXS-SP-MCMB", quantity: 5 }]);
    const dbx = await make("DBX-STD-MCMB", 3, [{ sku: "DBX-1TB-MCMB", quantity: 1 }]);
    t.clock.advance({ days: 15 });
    await assert.rejects(
      cancelAddon(t.deps, bss, { subscriptionId: sign.subscription.id, addonId: sign.addons[0]!.id }),
      rejectsWith("R-SGN-08", /within 14 days/),
    );
    await assert.rejects(
      cancelAddon(t.deps, bss, { subscriptionId: dbx.subscription.id, addonId: dbx.addons[0]!.id }),
      rejectsWith("R-CAN-01", /within 14 days/),
    );
    // An add-on added later runs its own window.
    const added = await addAddon(t.deps, bss, {
      subscriptionId: sign.subscription.id,
      productId: await id("DBXS-TP15-MCMB"),
    });
    const cancelled = await cancelAddon(t.deps, bss, {
      subscriptionId: sign.subscription.id,
      addonId: added.addonId!,
    });
    assert.equal(cancelled.violations.length, 0);
  });

  it("an add-on the product does not offer, or of another subscription, is not accepted", async () => {
    const { subscription } = await make("DBX-BUS-MCMB", 3);
    const other = await make("DBX-STD-MCMB", 3, [{ sku: "DBX-1TB-MCMB", quantity: 1 }]);
    await assert.rejects(
      addAddon(t.deps, bss, { subscriptionId: subscription.id, productId: await id("DBXS-SP-MCMB") }),
      rejectsWith("validation_failed", /not an add-on of/),
    );
    await assert.rejects(
      cancelAddon(t.deps, bss, { subscriptionId: subscription.id, addonId: other.addons[0]!.id }),
      rejectsWith("not_found", /Add-on/),
    );
  });
});
