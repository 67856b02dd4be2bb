import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import { line, type OrderWorld, orderWorld, signInOrderWorld } from "../../../test/order-fixtures.ts";
import { queryRows, sql } from "../../shared/db.ts";
import type { DropboxSandbox } from "../../vendor-sandboxes/dropbox/index.ts";
import { placeBssOrder } from "../orders/index.ts";
import { addAddon, type CommandContext, cancelAddon, changeQuantity } from "../subscriptions/index.ts";
import { attachSandbox, control, drainAll, subRow } from "./provisioning.fixtures.ts";

/**
 * Issue 13.12 (R-PRV-01, D16): add-ons have their own sync status. One provisioning job sends the
 * whole target; a vendor refusal about add-ons (add_on_conflict, add_on_quantity_mismatch) is
 * attributed to the add-ons the job was adding or changing — Failed with the vendor's reason, the
 * rest of the target still sent — while a plan-level refusal stays on the subscription. The
 * vendor's refusals are the sandbox's scripted `refuse` faults.
 */
describe("add-on sync status (R-PRV-01, D16)", () => {
  let t: TestApp;
  let w: OrderWorld;
  let sandbox: DropboxSandbox;
  let bss: CommandContext;
  let as: Awaited<ReturnType<typeof signInOrderWorld>>;

  before(async () => {
    t = await createTestApp();
    w = await orderWorld(t.deps);
    sandbox = await attachSandbox(t.deps, { clock: t.clock });
    bss = { actor: w.actors.clerk, channel: "bss" };
    as = await signInOrderWorld(t.app, w);
  });
  after(async () => {
    await sandbox.close();
    await t.close();
  });

  async function order(
    sku: Parameters<typeof line>[1],
    quantity: number,
    extra: Parameters<typeof line>[3] = {},
  ) {
    const l = line(w, sku, quantity, extra);
    const { order } = await placeBssOrder(t.deps, w.actors.clerk, { accountId: w.customerA1.id, lines: [l] });
    return { subscriptionId: order.lines[0]!.subscriptionId!, email: String(l.serviceDetails!.adminEmail) };
  }
  const team = async (email: string) =>
    (
      (await control(sandbox, "GET", `teams?admin_email=${encodeURIComponent(email)}`)).teams as Array<
        Record<string, unknown>
      >
    )[0]!;
  const addonRows = (subscriptionId: string) =>
    queryRows<{
      id: string;
      product_id: string;
      status: string;
      sync_status: string;
      sync_error: string | null;
    }>(
      t.deps.db,
      sql`select id, product_id, status, sync_status, sync_error from subscription_addons
          where subscription_id = ${subscriptionId} order by created_at, id`,
    );
  /** The vendor refuses the next `times` calls of `route` (validate-only pre-checks included). */
  const refuse = (route: string, tag: string, userMessage: string, times = 20) =>
    sandbox.faults.set({ script: [{ kind: "refuse", route, tag, userMessage, times }] });
  const getJson = async (url: string, cred: Record<string, string>) => {
    const res = await t.app.inject({ method: "GET", url, headers: cred });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  it("R-PRV-01 D16 the vendor refuses an added add-on: that add-on is Failed with the vendor's reason; the subscription stays Synchronized and the rest of the change reaches the vendor", async () => {
    const { subscriptionId, email } = await order("DBX-STD-MCMB", 3);
    await drainAll(t.deps);
    assert.equal((await subRow(t.deps, subscriptionId)).sync_status, "synchronized");
    refuse("teams/change_plan", "add_on_conflict", "This add-on conflicts with the team's add-ons");
    try {
      await changeQuantity(t.deps, bss, { subscriptionId, quantity: 5 });
      await addAddon(t.deps, bss, { subscriptionId, productId: w.id("DBX-1TB-MCMB") });
      await drainAll(t.deps);
    } finally {
      sandbox.faults.set({});
    }
    const sub = await subRow(t.deps, subscriptionId);
    assert.equal(sub.sync_status, "synchronized", "a refusal about an add-on is not the subscription's");
    assert.equal(sub.sync_error, null);
    const [addon] = await addonRows(subscriptionId);
    assert.equal(addon!.sync_status, "failed");
    assert.equal(addon!.sync_error, "This add-on conflicts with the team's add-ons");
    const vendor = await team(email);
    assert.equal(vendor.licensed_users, 5, "the licences went through");
    assert.deepEqual(vendor.add_ons, [], "the refused add-on is not at the vendor");

    // The API shows it per add-on, in both areas.
    const bssView = await getJson(`/api/bss/subscriptions/${subscriptionId}`, as.clerk);
    assert.equal(bssView.syncStatus, "synchronized");
    assert.deepEqual(
      bssView.addons.map((a: { syncStatus: string; syncError: string | null }) => [
        a.syncStatus,
        a.syncError,
      ]),
      [["failed", "This add-on conflicts with the team's add-ons"]],
    );
    const sfView = await getJson(`/api/storefront/subscriptions/${subscriptionId}`, as.sfA1);
    assert.equal(sfView.addons[0].syncStatus, "failed");
    const history = await getJson(`/api/bss/subscriptions/${subscriptionId}/history?limit=100`, as.clerk);
    const refusal = history.items.find((h: { action: string }) => h.action === "addon_provisioning_failed");
    assert.match(refusal.summary, /refused the add-on .*: This add-on conflicts/);
  });

  it("R-PRV-01 D16 a Failed add-on blocks changes to it until a retry succeeds; Retry clears it", async () => {
    const { subscriptionId, email } = await order("DBX-STD-MCMB", 3);
    await drainAll(t.deps);
    refuse("teams/change_plan", "add_on_conflict", "Add-on refused");
    try {
      await addAddon(t.deps, bss, { subscriptionId, productId: w.id("DBX-1TB-MCMB") });
      await drainAll(t.deps);
    } finally {
      sandbox.faults.set({});
    }
    const [addon] = await addonRows(subscriptionId);
    assert.equal(addon!.sync_status, "failed");

    const preview = await cancelAddon(t.deps, bss, { subscriptionId, addonId: addon!.id }, { dryRun: true });
    assert.deepEqual(
      preview.violations.map((v) => v.code),
      ["R-PRV-01"],
    );
    assert.match(preview.violations[0]!.message, /refused the add-on .*Add-on refused.*retry/);
    const refused = await t.app.inject({
      method: "POST",
      url: `/api/bss/subscriptions/${subscriptionId}/addons/${addon!.id}/cancel`,
      headers: as.clerk,
      payload: {},
    });
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(refused.json().error.code, "R-PRV-01");
    assert.equal((await addonRows(subscriptionId))[0]!.status, "active", "nothing written");

    const retry = await t.app.inject({
      method: "POST",
      url: `/api/bss/subscriptions/${subscriptionId}/provisioning/retry`,
      headers: as.clerk,
    });
    assert.equal(retry.statusCode, 202, retry.body);
    assert.equal((await addonRows(subscriptionId))[0]!.sync_status, "pending");
    assert.equal((await subRow(t.deps, subscriptionId)).sync_status, "pending");
    await drainAll(t.deps);
    const [healed] = await addonRows(subscriptionId);
    assert.deepEqual([healed!.sync_status, healed!.sync_error], ["synchronized", null]);
    assert.deepEqual((await team(email)).add_ons, [{ sku: "DBX-1TB-MCMB", quantity: 1 }]);
    const again = await t.app.inject({
      method: "POST",
      url: `/api/bss/subscriptions/${subscriptionId}/provisioning/retry`,
      headers: as.clerk,
    });
    assert.equal(again.statusCode, 409, "nothing left to retry");
    const done = await cancelAddon(t.deps, bss, { subscriptionId, addonId: addon!.id });
    assert.deepEqual(done.violations, [], "a synchronized add-on changes again");
  });

  it("R-PRV-01 D16 a refusal of a new team's add-ons: the team is created without them, each refused add-on Failed; licence changes that move them are refused", async () => {
    const { subscriptionId, email } = await order("DBXS-STD-MCMB", 5, {
      addons: [{ sku: "DBXS-SFDC-MCMB" }],
    });
    // Set after the order: its own pre-check (R-PRV-02) is not what this test is about.
    // Once: the job's first create (plan + add-on) is refused, its second (the plan alone) is not.
    refuse("teams/create", "add_on_quantity_mismatch", "Add-on quantity must match the seats", 1);
    try {
      await drainAll(t.deps);
    } finally {
      sandbox.faults.set({});
    }
    const sub = await subRow(t.deps, subscriptionId);
    assert.equal(sub.sync_status, "synchronized");
    assert.ok(sub.external_id);
    const vendor = await team(email);
    assert.deepEqual([vendor.sku, vendor.licensed_users, vendor.add_ons], ["DBXS-STD-MCMB", 5, []]);
    const [sfdc] = await addonRows(subscriptionId);
    assert.deepEqual(
      [sfdc!.sync_status, sfdc!.sync_error],
      ["failed", "Add-on quantity must match the seats"],
    );

    // R-SGN-04: Sign add-ons follow the seats, so more seats would change the refused add-on.
    const more = await changeQuantity(t.deps, bss, { subscriptionId, quantity: 6 }, { dryRun: true });
    assert.ok(
      more.violations.some(
        (v) => v.code === "R-PRV-01" && (v.details as { addonId?: string }).addonId === sfdc!.id,
      ),
      JSON.stringify(more.violations),
    );
  });

  it("R-PRV-01 a plan-level refusal stays on the subscription; its add-ons keep their own status", async () => {
    const { subscriptionId } = await order("DBX-STD-MCMB", 3, { addons: [{ sku: "DBX-1TB-MCMB" }] });
    await drainAll(t.deps);
    assert.equal((await addonRows(subscriptionId))[0]!.sync_status, "synchronized");
    refuse("teams/set_licenses", "below_minimum_licenses", "This plan needs at least 3 licenses");
    try {
      await changeQuantity(t.deps, bss, { subscriptionId, quantity: 4 });
      await drainAll(t.deps);
    } finally {
      sandbox.faults.set({});
    }
    const sub = await subRow(t.deps, subscriptionId);
    assert.deepEqual([sub.sync_status, sub.sync_error], ["failed", "This plan needs at least 3 licenses"]);
    assert.equal((await addonRows(subscriptionId))[0]!.sync_status, "synchronized");
  });

  it("D16 a new add-on is Pending until the vendor holds it", async () => {
    const { subscriptionId } = await order("DBX-STD-MCMB", 3);
    assert.deepEqual(await addonRows(subscriptionId), []);
    await drainAll(t.deps);
    await addAddon(t.deps, bss, { subscriptionId, productId: w.id("DBX-1TB-MCMB") });
    assert.equal((await addonRows(subscriptionId))[0]!.sync_status, "pending");
    await drainAll(t.deps);
    assert.equal((await addonRows(subscriptionId))[0]!.sync_status, "synchronized");
  });

  it("security: the add-on retry needs a clerk; other tenants and other customers' Storefront users get 404", async () => {
    const { subscriptionId } = await order("DBX-STD-MCMB", 3);
    await drainAll(t.deps);
    refuse("teams/change_plan", "add_on_conflict", "Refused");
    try {
      await addAddon(t.deps, bss, { subscriptionId, productId: w.id("DBX-1TB-MCMB") });
      await drainAll(t.deps);
    } finally {
      sandbox.faults.set({});
    }
    const retry = (headers?: Record<string, string>) =>
      t.app.inject({
        method: "POST",
        url: `/api/bss/subscriptions/${subscriptionId}/provisioning/retry`,
        ...(headers ? { headers } : {}),
      });
    assert.equal((await retry()).statusCode, 401);
    assert.equal((await retry(as.viewer)).statusCode, 403);
    assert.equal((await retry(as.sfA1)).statusCode, 403);
    assert.equal((await retry(as.otherAdmin)).statusCode, 404);
    assert.equal(
      (await addonRows(subscriptionId))[0]!.sync_status,
      "failed",
      "refused retries change nothing",
    );
    for (const [url, cred] of [
      [`/api/bss/subscriptions/${subscriptionId}`, as.otherAdmin],
      [`/api/storefront/subscriptions/${subscriptionId}`, as.sfA2],
      [`/api/storefront/subscriptions/${subscriptionId}`, as.otherSf],
    ] as const) {
      const res = await t.app.inject({ method: "GET", url, headers: cred });
      assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
    }
  });
});
