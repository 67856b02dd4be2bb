import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { advanceTo, documentLines } from "../../../test/billing-fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { priceRow, protect, renewalSummaries, setListPrice } from "../../../test/pricing-fixtures.ts";
import {
  bssCtx,
  createCustomer,
  createTestSubscription,
  setupSubscriptionWorld,
} from "../../../test/subscription-fixtures.ts";
import { sql } from "../../shared/db.ts";
import { createPriceList, upsertPriceListEntries } from "../catalog/index.ts";
import { editPricing } from "./edit-pricing.ts";
import { getSubscription } from "./get-subscription.ts";

/** R-PRC-01 / R-PRC-02 at the renewal (issue 14): price lists, add-ons, user-defined prices, currency. */
describe("renewal pricing", () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof setupSubscriptionWorld>>;
  before(async () => {
    t = await createTestContext({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
  });
  after(() => t.close());

  const make = async (sku: string, extra: { addons?: Array<{ sku: string; quantity: number }> } = {}) =>
    (
      await createTestSubscription(t.deps, w, {
        sku,
        quantity: 3,
        accountId: (await createCustomer(t.deps, w)).id,
        ...extra,
      })
    ).subscription;
  const amounts = async (id: string) =>
    (await documentLines(t.deps, w.tenant.id, id)).map((l) => [l.issueDate, l.description, l.amount]);

  it("R-PRC-01 a price-list price change: the renewal takes the list's current price, the add-on its list price", async () => {
    const std = await w.product("DBX-STD-MCMB");
    const pack = std.addons[0]!;
    const sub = await make("DBX-STD-MCMB", { addons: [{ sku: pack.sku, quantity: 3 }] });
    const list = await createPriceList(t.deps, w.actors.clerk, { name: "Renewal list", currency: "EUR" });
    await upsertPriceListEntries(t.deps, w.actors.clerk, list.id, [
      { productId: std.id, unitPrice: "14.00" },
    ]);
    await editPricing(t.deps, bssCtx(w), { subscriptionId: sub.id, applyTo: "next", priceListId: list.id });
    await upsertPriceListEntries(t.deps, w.actors.clerk, list.id, [
      { productId: std.id, unitPrice: "13.00" },
    ]);
    await setListPrice(t.deps, w.tenant.id, pack.id, "2.50");
    await advanceTo(t.deps, "2026-02-15");
    const lines = await amounts(sub.id);
    assert.deepEqual(
      lines.slice(-2).sort((a, b) => a[2]!.localeCompare(b[2]!)),
      [
        ["2026-02-15", std.name, "39.00"],
        ["2026-02-15", pack.name, "7.50"],
      ],
    );
    const [summary] = await renewalSummaries(t.deps, sub.id);
    assert.match(summary!, / at 13\.00 \(was 14\.00\); add-on .* at 2\.50 \(was /);
    const json = await getSubscription(t.deps, w.actors.clerk, { subscriptionId: sub.id });
    assert.equal(json.subscription.priceListId, list.id);
    assert.equal(json.subscription.unitPrice, 1300n);
    assert.equal(json.addons[0]!.unitPrice, 250n);
  });

  it("R-PRC-01 a user-defined price (Edit Pricing unitPrice) is never repriced", async () => {
    const adv = await w.product("DBX-ADV-MCMB");
    const sub = await make("DBX-ADV-MCMB");
    await editPricing(t.deps, bssCtx(w), { subscriptionId: sub.id, applyTo: "next", unitPrice: "9.00" });
    assert.equal((await priceRow(t.deps, sub.id)).price_user_defined, true);
    await setListPrice(t.deps, w.tenant.id, adv.id, "99.00");
    await advanceTo(t.deps, "2026-04-16");
    const lines = await amounts(sub.id);
    assert.deepEqual(
      lines.slice(1).map((l) => l[2]),
      ["27.00", "27.00"],
    );
    const summaries = await renewalSummaries(t.deps, sub.id);
    assert.ok(summaries.every((s) => s.endsWith("at 9.00 (a user-defined price, not repriced — R-PRC-01)")));
    // A price list chosen again makes it a list price again (repriced from then on).
    const list = await createPriceList(t.deps, w.actors.clerk, { name: "Back to lists", currency: "EUR" });
    await upsertPriceListEntries(t.deps, w.actors.clerk, list.id, [
      { productId: adv.id, unitPrice: "11.00" },
    ]);
    await editPricing(t.deps, bssCtx(w), { subscriptionId: sub.id, applyTo: "next", priceListId: list.id });
    assert.equal((await priceRow(t.deps, sub.id)).price_user_defined, false);
  });

  it("R-PRC-03 without a price in the subscription's currency any more the renewal keeps the old price and says so", async () => {
    const { subscription } = await createTestSubscription(t.deps, w, { sku: "DBX-STD-AC1M", quantity: 2 });
    await t.deps.db.execute(sql`update subscriptions set currency = 'USD' where id = ${subscription.id}`);
    await t.deps.db.execute(
      sql`update billing_items set currency = 'USD' where subscription_id = ${subscription.id}`,
    );
    const before = await priceRow(t.deps, subscription.id);
    await advanceTo(t.deps, "2027-04-17");
    const after = await priceRow(t.deps, subscription.id);
    assert.equal(after.unit_price, before.unit_price);
    const [summary] = await renewalSummaries(t.deps, subscription.id);
    assert.match(summary!, /no current price in USD any more, the price is kept \(R-PRC-03\)$/);
  });

  it("R-PRC-02 Edit Pricing still changes a protected price; the protection keeps its anniversary", async () => {
    const bus = await w.product("DBX-BUS-MCMB");
    await protect(t.deps, w.tenant.id, { productId: bus.id }, "MCMB", 3);
    const sub = await make("DBX-BUS-MCMB");
    const until = (await priceRow(t.deps, sub.id)).price_protected_until;
    assert.equal(until, "2027-07-17");
    const list = await createPriceList(t.deps, w.actors.clerk, { name: "Protected list", currency: "EUR" });
    await upsertPriceListEntries(t.deps, w.actors.clerk, list.id, [
      { productId: bus.id, unitPrice: "20.00" },
    ]);
    await editPricing(t.deps, bssCtx(w), { subscriptionId: sub.id, applyTo: "next", priceListId: list.id });
    await upsertPriceListEntries(t.deps, w.actors.clerk, list.id, [
      { productId: bus.id, unitPrice: "25.00" },
    ]);
    await advanceTo(t.deps, "2027-06-18");
    // Renewed on 2027-05-17 and 2027-06-17, before the anniversary: the edited 20.00 stays.
    assert.deepEqual(
      (await amounts(sub.id)).slice(1).map((l) => l[2]),
      ["60.00", "60.00"],
    );
    assert.equal((await priceRow(t.deps, sub.id)).price_protected_until, "2027-07-17");
    const json = await getSubscription(t.deps, w.actors.clerk, { subscriptionId: sub.id });
    assert.equal(json.subscription.priceProtectedUntil, "2027-07-17");
    await advanceTo(t.deps, "2027-07-18");
    // The anniversary: the list's current 25.00, and a new 3-month protection.
    assert.deepEqual((await amounts(sub.id)).at(-1)?.[2], "75.00");
    assert.equal((await priceRow(t.deps, sub.id)).price_protected_until, "2027-10-17");
    // A hand-set price is never protected.
    await editPricing(t.deps, bssCtx(w), { subscriptionId: sub.id, applyTo: "next", unitPrice: "5.00" });
    assert.deepEqual(await priceRow(t.deps, sub.id), {
      ...(await priceRow(t.deps, sub.id)),
      price_user_defined: true,
      price_protected_until: null,
    });
  });
});
