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
import { addDays, parseDate } from "../../shared/dates.ts";
import { transaction } from "../../shared/db.ts";
import { applyScheduledDowngrade, downgradeSubscription, revokeDowngrade } from "./downgrade-subscription.ts";
import { findSubscription, listHistory, listScheduledChanges } from "./subscriptions.repo.ts";
import type { CommandContext, SubscriptionRow } from "./subscriptions.types.ts";
import { upgradeSubscription } from "./upgrade-subscription.ts";

/**
 * R-DWN-01 / D1: no downgrades in the Storefront; in the BSS immediate within the 14-day window
 * (D6), otherwise scheduled for the next term and revocable. The clock only moves forward, so
 * the tests that need "outside the window" create their subscriptions and then advance it.
 */
const big = (_k: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);

describe("downgrade a subscription", () => {
  let t: TestContext;
  let w: SubscriptionWorld;
  let bss: CommandContext;
  before(async () => {
    t = await createTestContext();
    w = await setupSubscriptionWorld(t.deps);
    bss = { actor: w.actors.clerk, channel: "bss" };
  });
  after(() => t.close());

  const make = (sku: string, quantity: number) =>
    createTestSubscription(t.deps, w, { sku, quantity }).then((r) => r.subscription);
  const id = async (sku: string) => (await w.product(sku)).id;
  const row = async (s: SubscriptionRow) => (await findSubscription(t.deps.db, w.tenant.id, s.id))!;
  const pending = (s: SubscriptionRow) => listScheduledChanges(t.deps.db, w.tenant.id, s.id, "pending");
  const actions = async (s: SubscriptionRow) =>
    (await listHistory(t.deps.db, w.tenant.id, s.id, { limit: 100, offset: 0 })).rows.map((h) => h.action);

  it("R-DWN-01 / D1 the Storefront offers no downgrade", async () => {
    const sub = await make("DBX-BUS-MCMB", 3);
    await assert.rejects(
      downgradeSubscription(
        t.deps,
        { actor: w.actors.sfA, channel: "storefront" },
        { subscriptionId: sub.id, targetProductId: await id("DBX-STD-MCMB") },
      ),
      rejectsWith("R-DWN-01", /not available in the Storefront/),
    );
  });

  it("R-DWN-01 only to a product on a downgrade path, in the same term", async () => {
    const sub = await make("DBX-BUS-MCMB", 3);
    await assert.rejects(
      downgradeSubscription(t.deps, bss, {
        subscriptionId: sub.id,
        targetProductId: await id("DBX-ADV-MCMB"),
      }),
      rejectsWith("R-DWN-01", /not a downgrade of/),
    );
    await assert.rejects(
      downgradeSubscription(t.deps, bss, {
        subscriptionId: sub.id,
        targetProductId: await id("DBX-STD-AC1Y"),
      }),
      rejectsWith("R-UPG-02", /keep the billing term/),
    );
  });

  it("D1 / R-DWN-01 BSS within the window: immediate, with history and the billing basis", async () => {
    const sub = await make("DBX-BUS-EVH-MCMB", 3);
    const target = await w.product("DBX-BUS-MCMB");
    const result = await downgradeSubscription(t.deps, bss, {
      subscriptionId: sub.id,
      targetProductId: target.id,
    });
    assert.deepEqual(
      [result.effect, result.rule?.code, result.subscription.subscription.productId],
      ["immediate", "R-DWN-01", target.id],
    );
    assert.equal((await actions(sub)).at(-1), "downgraded");
    assert.deepEqual(
      result.billing.charges.filter((c) => c.kind === "credit").map((c) => c.productId),
      [sub.productId],
    );
    assert.deepEqual(
      result.billing.charges.filter((c) => c.kind === "downgrade").map((c) => c.productId),
      [target.id],
    );
  });

  it("R-DWN-01 outside the window (day 15): scheduled for the next term, shown, revocable (and a preview writes nothing)", async () => {
    const sub = await make("DBX-ADV-MCMB", 3);
    const again = await make("DBX-ADV-MCMB", 3);
    t.clock.advance({ days: 15 });
    const input = { subscriptionId: sub.id, targetProductId: await id("DBX-BUS-MCMB") };
    const before = await countRows(t.deps, "scheduled_changes", w.tenant.id);
    const preview = await downgradeSubscription(t.deps, bss, input, { dryRun: true });
    assert.equal(
      await countRows(t.deps, "scheduled_changes", w.tenant.id),
      before,
      "the preview wrote nothing",
    );
    const result = await downgradeSubscription(t.deps, bss, input);
    // preview = commit, but for the generated id of the scheduled change
    const previewId = preview.subscription.scheduledChanges[0]!.id;
    const commitId = result.subscription.scheduledChanges[0]!.id;
    assert.deepEqual(
      JSON.parse(JSON.stringify({ ...preview, preview: false }, big).replaceAll(previewId, commitId)),
      JSON.parse(JSON.stringify(result, big)),
    );
    const nextTerm = addDays(parseDate(sub.termEndDate), 1).toString();
    assert.deepEqual([result.effect, result.effectiveDate], ["scheduled", nextTerm]);
    assert.equal((await row(sub)).productId, sub.productId, "nothing changes before the term ends");
    assert.deepEqual(
      result.subscription.scheduledChanges.map((c) => [c.kind, c.effectiveDate, c.payload]),
      [
        [
          "downgrade",
          nextTerm,
          {
            targetProductId: input.targetProductId,
            targetSku: "DBX-BUS-MCMB",
            targetName: "Dropbox Business, Monthly Commitment - Monthly Billed",
            fromProductId: sub.productId,
          },
        ],
      ],
    );
    // A new downgrade replaces the scheduled one.
    const std = await id("DBX-STD-MCMB");
    await downgradeSubscription(t.deps, bss, { subscriptionId: sub.id, targetProductId: std });
    assert.deepEqual(
      (await pending(sub)).map((c) => (c.payload as { targetProductId: string }).targetProductId),
      [std],
    );
    const revoked = await revokeDowngrade(t.deps, bss, { subscriptionId: sub.id });
    assert.deepEqual(revoked.subscription.scheduledChanges, []);
    assert.deepEqual((await actions(sub)).slice(-4), [
      "downgrade_scheduled",
      "downgrade_revoked",
      "downgrade_scheduled",
      "downgrade_revoked",
    ]);
    await assert.rejects(
      revokeDowngrade(t.deps, bss, { subscriptionId: sub.id }),
      rejectsWith("not_found", /No downgrade/),
    );

    // A full upgrade makes a scheduled downgrade moot.
    await downgradeSubscription(t.deps, bss, { subscriptionId: again.id, targetProductId: std });
    await upgradeSubscription(t.deps, bss, {
      subscriptionId: again.id,
      targetProductId: await id("DBX-BPL-MCMB"),
    });
    assert.deepEqual(await pending(again), []);
    assert.ok((await actions(again)).includes("downgrade_revoked"));
  });

  it("R-DWN-01 the billing run applies a due scheduled downgrade (applyScheduledDowngrade)", async () => {
    const sub = await make("DBX-BPL-MCMB", 3);
    t.clock.advance({ days: 15 });
    const target = await id("DBX-ADV-MCMB");
    await downgradeSubscription(t.deps, bss, { subscriptionId: sub.id, targetProductId: target });
    const [change] = await pending(sub);
    const applied = await transaction(t.deps.db, async (tx) =>
      applyScheduledDowngrade(
        t.deps,
        tx,
        { actor: { kind: "system", tenantId: w.tenant.id, name: "billing-run" }, channel: "bss" },
        change!,
        parseDate(change!.effectiveDate),
      ),
    );
    assert.equal(applied.productId, target);
    assert.deepEqual(await pending(sub), []);
    assert.equal((await actions(sub)).at(-1), "downgraded");
  });
});
