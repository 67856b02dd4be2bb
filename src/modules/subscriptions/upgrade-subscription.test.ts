import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { countRows } from "../../../test/catalog-fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import {
  billingComparable,
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
} from "../../../test/subscription-fixtures.ts";
import { rejectsWith } from "../../../test/tenancy-fixtures.ts";
import { addDays, parseDate } from "../../shared/dates.ts";
import { publishToStorefront } from "../catalog/index.ts";
import { cancelAddon } from "./cancel-addon.ts";
import { todayFor } from "./subscriptions.core.ts";
import { findSubscription, listHistory } from "./subscriptions.repo.ts";
import type { CommandContext } from "./subscriptions.types.ts";
import { upgradeSubscription } from "./upgrade-subscription.ts";

describe("upgrade a subscription", () => {
  let t: TestContext;
  let w: SubscriptionWorld;
  let bss: CommandContext;
  let store: CommandContext;
  let today: string;
  before(async () => {
    t = await createTestContext();
    w = await setupSubscriptionWorld(t.deps);
    bss = { actor: w.actors.clerk, channel: "bss" };
    store = { actor: w.actors.sfA, channel: "storefront" };
    today = (await todayFor(t.deps, t.deps.db, w.tenant.id)).toString();
    await publish("DBXS-PRE-MCMB");
  });
  after(() => t.close());

  const make = (
    sku: string,
    quantity: number,
    more: Partial<Parameters<typeof createTestSubscription>[2]> = {},
  ) => createTestSubscription(t.deps, w, { sku, quantity, ...more }).then((r) => r.subscription);
  const id = async (sku: string) => (await w.product(sku)).id;
  const publish = async (sku: string) =>
    publishToStorefront(t.deps, { tenantId: w.tenant.id }, w.reseller.id, { productId: await id(sku) });
  const history = async (subscriptionId: string) =>
    (await listHistory(t.deps.db, w.tenant.id, subscriptionId, { limit: 100, offset: 0 })).rows;
  const row = async (subscriptionId: string) =>
    (await findSubscription(t.deps.db, w.tenant.id, subscriptionId))!;

  it("R-UPG-01 full: a later edition on the path replaces the product for all licences", async () => {
    const sub = await make("DBX-STD-AC1Y", 4);
    const business = await w.product("DBX-BUS-AC1Y");
    const result = await upgradeSubscription(t.deps, bss, {
      subscriptionId: sub.id,
      targetProductId: business.id,
    });
    const after = result.subscription.subscription;
    assert.deepEqual(
      [result.preview, result.mode, result.effect, after.productId, after.name, after.quantity],
      [false, "full", "immediate", business.id, business.name, 4],
    );
    assert.equal(after.unitPrice, business.listPrice, "priced from the catalogue (no price list)");
    assert.equal(after.exclusiveKey, sub.exclusiveKey, "R-ORD-02: the team keeps its one plan key");
    assert.deepEqual(
      result.billing.charges
        .filter((c) => c.kind === "credit")
        .map((c) => [c.productId, c.quantity, c.unitPrice]),
      [[sub.productId, 4, sub.unitPrice]],
    );
    assert.deepEqual(
      result.billing.charges.filter((c) => c.kind === "upgrade").map((c) => [c.productId, c.quantity]),
      [[business.id, 4]],
    );
    assert.equal((await history(sub.id)).at(-1)?.action, "upgraded");
  });

  it("R-UPG-01 a product that is not on the upgrade path is refused (422 with every violation)", async () => {
    const sub = await make("DBX-BUS-MCMB", 3);
    await assert.rejects(
      upgradeSubscription(t.deps, bss, { subscriptionId: sub.id, targetProductId: await id("DBX-STD-MCMB") }),
      rejectsWith("R-UPG-01", /not an upgrade of/),
    );
    assert.equal((await row(sub.id)).productId, sub.productId);
  });

  it("R-UPG-02 an upgrade keeps the billing term", async () => {
    const sub = await make("DBX-STD-MCMB", 3);
    await assert.rejects(
      upgradeSubscription(t.deps, bss, { subscriptionId: sub.id, targetProductId: await id("DBX-BUS-AC1Y") }),
      (e: { code: string; details: { violations: { code: string }[] } }) => {
        assert.equal(e.code, "R-UPG-02");
        assert.deepEqual(
          e.details.violations.map((v) => v.code),
          ["R-UPG-02", "R-UPG-01"],
        );
        return true;
      },
    );
  });

  it("R-UPG-03 the 1 TB storage pack blocks upgrades until it is cancelled", async () => {
    const { subscription: sub, addons } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
      addons: [{ sku: "DBX-1TB-MCMB", quantity: 1 }],
    });
    const input = { subscriptionId: sub.id, targetProductId: await id("DBX-ADV-MCMB") };
    await assert.rejects(
      upgradeSubscription(t.deps, bss, input),
      rejectsWith("R-UPG-03", /1 TB storage pack/),
    );
    await cancelAddon(t.deps, bss, { subscriptionId: sub.id, addonId: addons[0]!.id });
    const result = await upgradeSubscription(t.deps, bss, input);
    assert.equal(result.subscription.subscription.productId, input.targetProductId);
  });

  it("R-UPG-04 effective today, never back-dated: term, billing cycle and window stay", async () => {
    const start = addDays(parseDate(today), -40).toString(); // an AC1Y term that began 40 days ago
    const sub = await make("DBX-STD-AC1M", 3, { startDate: start });
    const result = await upgradeSubscription(t.deps, bss, {
      subscriptionId: sub.id,
      targetProductId: await id("DBX-STD-EVH-AC1M"),
    });
    const after = result.subscription.subscription;
    assert.equal(result.effectiveDate, today);
    assert.deepEqual(
      [after.termStartDate, after.termEndDate, after.windowStartDate, after.billingPlan, after.startDate],
      [sub.termStartDate, sub.termEndDate, sub.windowStartDate, sub.billingPlan, start],
    );
    const entry = (await history(sub.id)).at(-1)!;
    assert.deepEqual([entry.action, entry.effectiveDate], ["upgraded", today]);
    const charge = result.billing.charges.find((c) => c.kind === "upgrade")!;
    // R-UPG-04: charged from today to the end of the period already billed, on the same cycle.
    assert.deepEqual(
      [
        charge.fromDate,
        charge.periodStart <= today,
        charge.periodEnd >= today,
        charge.periodEnd <= sub.termEndDate,
      ],
      [today, true, true, true],
    );
    assert.equal(
      parseDate(charge.periodStart).day,
      parseDate(sub.termStartDate).day,
      "the billing cycle stays",
    );
  });

  it("R-UPG-05 full: the quantity of all licences is a full upgrade; add-ons the target offers stay", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-AC1Y",
      quantity: 6,
      addons: [{ sku: "DBXS-SP-AC1Y", quantity: 6 }],
    });
    const result = await upgradeSubscription(t.deps, bss, {
      subscriptionId: sub.id,
      targetProductId: await id("DBXS-PRE-AC1Y"),
      quantity: 6,
    });
    assert.equal(result.mode, "full");
    assert.equal(result.newSubscription, null);
    assert.deepEqual(
      result.subscription.addons.map((a) => [a.name, a.status, a.quantity]),
      [["Dropbox Sign Microsoft SharePoint, Annual Commitment - Annually Billed", "active", 6]],
    );
  });

  it("R-PAY-01 R-UPG-05 a partial upgrade's opening invoice carries its due date (the API answer was a 500 without it)", async () => {
    const sub = await make("DBX-STD-AC1Y", 10);
    const input = { subscriptionId: sub.id, targetProductId: await id("DBX-BUS-AC1Y"), quantity: 4 };
    for (const dryRun of [true, false]) {
      const result = await upgradeSubscription(t.deps, bss, input, { dryRun });
      const invoices = result.billing.documents.filter((d) => d.kind === "invoice");
      assert.ok(invoices.length > 0, "the new subscription's opening invoice");
      for (const d of invoices) assert.match(String(d.dueDate), /^\d{4}-\d{2}-\d{2}$/, `dryRun=${dryRun}`);
    }
  });

  it("R-UPG-05 partial: N licences move to a new subscription on the origin's term; history on both", async () => {
    const start = addDays(parseDate(today), -3).toString();
    const sub = await make("DBX-STD-AC1Y", 10, { startDate: start });
    const business = await w.product("DBX-BUS-AC1Y");
    const result = await upgradeSubscription(t.deps, bss, {
      subscriptionId: sub.id,
      targetProductId: business.id,
      quantity: 4,
    });
    const origin = result.subscription.subscription;
    const added = result.newSubscription!.subscription;
    assert.deepEqual([result.mode, origin.quantity, origin.productId], ["partial", 6, sub.productId]);
    assert.deepEqual(
      [added.productId, added.quantity, added.parentSubscriptionId, added.accountId, added.resellerAccountId],
      [business.id, 4, sub.id, sub.accountId, sub.resellerAccountId],
    );
    assert.deepEqual(
      [added.termStartDate, added.termEndDate, added.startDate, added.isTrial],
      [sub.termStartDate, sub.termEndDate, today, false],
    );
    assert.deepEqual(
      [added.adminEmail, added.exclusiveKey],
      [sub.adminEmail, null],
      "same team, one plan key",
    );
    assert.equal((await row(added.id)).id, added.id, "committed");
    assert.deepEqual((await history(sub.id)).map((h) => h.action).slice(-1), ["upgraded_partially"]);
    assert.deepEqual(
      (await history(added.id)).map((h) => h.action),
      ["created", "created_by_upgrade"],
    );
    assert.deepEqual(
      result.billing.charges.filter((c) => c.kind === "credit").map((c) => [c.subscriptionId, c.quantity]),
      [[sub.id, 4]],
    );
    assert.deepEqual(
      result.billing.charges.filter((c) => c.kind === "upgrade").map((c) => [c.subscriptionId, c.quantity]),
      [[added.id, 4]],
    );
  });

  it("R-UPG-05 partial: the origin keeps at least its minimum", async () => {
    const sub = await make("DBX-STD-MCMB", 5);
    await assert.rejects(
      upgradeSubscription(t.deps, bss, {
        subscriptionId: sub.id,
        targetProductId: await id("DBX-BUS-MCMB"),
        quantity: 3,
      }),
      rejectsWith("R-UPG-05", /at least 3 licences, so at most 2/),
    );
  });

  it("R-SGN-06 Standard → Premium needs at least 5 seats, and the refusal says so", async () => {
    const premium = await id("DBXS-PRE-AC1M");
    const small = await make("DBXS-STD-AC1M", 3);
    await assert.rejects(
      upgradeSubscription(t.deps, bss, { subscriptionId: small.id, targetProductId: premium }),
      rejectsWith("R-SGN-06", /needs at least 5 licences/),
    );
    const enough = await make("DBXS-STD-AC1M", 5);
    const result = await upgradeSubscription(t.deps, bss, {
      subscriptionId: enough.id,
      targetProductId: premium,
    });
    assert.equal(result.subscription.subscription.productId, premium);
  });

  it("R-SGN-07 / D2 monthly Sign: the Storefront refuses the upgrade, the BSS does it", async () => {
    const sub = await make("DBXS-STD-MCMB", 5);
    const input = { subscriptionId: sub.id, targetProductId: await id("DBXS-PRE-MCMB") };
    await assert.rejects(upgradeSubscription(t.deps, store, input), rejectsWith("R-SGN-07", /Storefront/));
    const result = await upgradeSubscription(t.deps, bss, input);
    assert.equal(result.subscription.subscription.productId, input.targetProductId);
  });

  it("R-TRL-01 over R-SGN-07: a monthly Sign trial is upgraded to paid in the Storefront; a paid monthly one is not", async () => {
    await publish("DBXS-STD-MCMB");
    const trial = await make("DBXS-STD-MCMB-TRIAL", 2);
    const result = await upgradeSubscription(t.deps, store, {
      subscriptionId: trial.id,
      targetProductId: await id("DBXS-STD-MCMB"),
    });
    const paid = result.subscription.subscription;
    assert.deepEqual([paid.isTrial, paid.productId], [false, await id("DBXS-STD-MCMB")]);
    assert.equal(result.rule?.code, "R-TRL-01");
    assert.equal((await history(trial.id)).at(-1)?.action, "trial_upgraded");
    // D2 stays: the now paid monthly Sign subscription is not upgraded in the Storefront.
    await assert.rejects(
      upgradeSubscription(t.deps, store, {
        subscriptionId: trial.id,
        targetProductId: await id("DBXS-PRE-MCMB"),
      }),
      rejectsWith("R-SGN-07", /Storefront/),
    );
  });

  it("R-CAT-07 / R-DSH-06 Storefront: only to a product the reseller publishes; the origin need not be listed", async () => {
    const sub = await make("DBX-STD-AC1M", 3);
    const input = { subscriptionId: sub.id, targetProductId: await id("DBX-BPL-AC1M") };
    await assert.rejects(
      upgradeSubscription(t.deps, store, input),
      rejectsWith("R-CAT-07", /not offered in this Storefront/),
    );
    const inBss = await upgradeSubscription(t.deps, bss, input, { dryRun: true });
    assert.deepEqual(inBss.violations, [], "the BSS sells the whole catalogue");
    await publish("DBX-BPL-AC1M");
    const result = await upgradeSubscription(t.deps, store, input);
    assert.equal(result.subscription.subscription.productId, input.targetProductId);
    assert.equal((await history(sub.id)).at(-1)?.channel, "storefront");
  });

  it("R-TRL-01 a trial is upgraded to paid up to its last day: a paid term from today, auto-renew on", async () => {
    const start = addDays(parseDate(today), -29).toString(); // day 30 of 30 = the last day
    const trial = await make("DBX-STD-MCMB-TRIAL", 3, { startDate: start });
    assert.equal(trial.trialEndDate, today);
    const result = await upgradeSubscription(t.deps, bss, {
      subscriptionId: trial.id,
      targetProductId: await id("DBX-STD-MCMB"),
    });
    const paid = result.subscription.subscription;
    assert.deepEqual(
      [paid.isTrial, paid.trialEndDate, paid.termStartDate, paid.autoRenew, paid.windowStartDate],
      [false, null, today, true, today],
    );
    assert.equal(paid.termEndDate, addDays(parseDate(today).add({ months: 1 }), -1).toString());
    assert.equal(paid.exclusiveKey, trial.exclusiveKey);
    assert.deepEqual(
      result.billing.charges.map((c) => [c.kind, c.fromDate, c.quantity]),
      [["recurring", today, paid.quantity]],
      "a trial was free: no credit; the paid term is billed from today",
    );
    assert.equal((await history(trial.id)).at(-1)?.action, "trial_upgraded");
  });

  it("R-TRL-01 not after the trial ended, never into a trial, never partly", async () => {
    const ended = await make("DBX-STD-MCMB-TRIAL", 3, {
      startDate: addDays(parseDate(today), -30).toString(),
    });
    await assert.rejects(
      upgradeSubscription(t.deps, bss, {
        subscriptionId: ended.id,
        targetProductId: await id("DBX-STD-MCMB"),
      }),
      rejectsWith("R-TRL-01", /trial ended/),
    );
    const running = await make("DBX-STD-MCMB-TRIAL", 3);
    await assert.rejects(
      upgradeSubscription(t.deps, bss, {
        subscriptionId: running.id,
        targetProductId: await id("DBX-BUS-MCMB-TRIAL"),
      }),
      rejectsWith("R-TRL-01", /cannot be upgraded to a trial/),
    );
    await assert.rejects(
      upgradeSubscription(t.deps, bss, {
        subscriptionId: running.id,
        targetProductId: await id("DBX-STD-MCMB"),
        quantity: 1,
      }),
      rejectsWith("R-TRL-01", /upgraded whole/),
    );
  });

  it("R-QTY-03 needs a synchronized subscription", async () => {
    const pending = await make("DBX-STD-MCMB", 3, { synchronized: false });
    await assert.rejects(
      upgradeSubscription(t.deps, bss, {
        subscriptionId: pending.id,
        targetProductId: await id("DBX-BUS-MCMB"),
      }),
      rejectsWith("R-QTY-03", /vendor's confirmation/),
    );
  });

  it("preview = commit, and a preview writes nothing (partial upgrade: both subscriptions)", async () => {
    const sub = await make("DBX-STD-AC1Y", 9);
    const input = { subscriptionId: sub.id, targetProductId: await id("DBX-ADV-AC1Y"), quantity: 3 };
    const counts = async () =>
      Promise.all(
        ["subscriptions", "subscription_addons", "subscription_history", "scheduled_changes"].map((n) =>
          countRows(t.deps, n, w.tenant.id),
        ),
      );
    const before = await counts();
    const preview = await upgradeSubscription(t.deps, bss, input, { dryRun: true });
    assert.deepEqual(await counts(), before);
    assert.deepEqual(await row(sub.id), sub, "the origin is untouched");
    const commit = await upgradeSubscription(t.deps, bss, input);
    const newId = commit.newSubscription!.subscription.id;
    const normal = (o: typeof commit) =>
      JSON.parse(
        JSON.stringify({ ...o, preview: null, billing: billingComparable(o.billing) }, (_k, v) =>
          typeof v === "bigint" ? v.toString() : v,
        ).replaceAll(o.newSubscription!.subscription.id, "NEW"),
      );
    assert.equal(preview.preview, true);
    assert.ok(preview.newSubscription!.subscription.id !== newId);
    assert.deepEqual(normal(preview), normal(commit));
  });

  it("a preview of a refused upgrade returns every violation and the unchanged subscription", async () => {
    const sub = await make("DBXS-STD-MCMB", 3);
    const preview = await upgradeSubscription(
      t.deps,
      store,
      { subscriptionId: sub.id, targetProductId: await id("DBXS-PRE-MCMB") },
      { dryRun: true },
    );
    assert.deepEqual(
      preview.violations.map((v) => v.code),
      ["R-SGN-07", "R-SGN-06"],
    );
    assert.equal(preview.effect, "none");
    assert.equal(preview.subscription.subscription.productId, sub.productId);
  });
});
