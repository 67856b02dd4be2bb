import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  copyOf,
  drain,
  type TenantWorld,
  tenantSubscription,
  tenantWorld,
} from "../../../test/distribution-fixtures.ts";
import { createUser } from "../../../test/factories.ts";
import { createTestApp, json, signIn, type TestApp } from "../../../test/http.ts";
import { queryRows, sql } from "../../shared/db.ts";
import type { SubscriptionRow } from "../subscriptions/index.ts";

/** The distributor's view of a tenant reseller's copies over HTTP: R-TEN-03, R-TEN-05, the endpoints and their security. */

describe("tenant reseller copies over HTTP", () => {
  let t: TestApp;
  let w: TenantWorld;
  let copy: SubscriptionRow;
  let cookies: {
    admin: { cookie: string };
    clerk: { cookie: string };
    viewer: { cookie: string };
    tenant: { cookie: string };
  };
  before(async () => {
    t = await createTestApp({ start: "2026-03-10T09:00:00Z" });
    w = await tenantWorld(t.deps);
    const source = await tenantSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
      addons: [{ sku: "DBX-1TB-MCMB", quantity: 1 }],
    });
    await drain(t.deps);
    copy = (await copyOf(t.deps, w, source.id))!;
    const clerk = await createUser(t.deps, { tenantId: w.distributor.id, role: "clerk" });
    cookies = {
      admin: await signIn(t.app, w.users.dAdmin.email, "bss"),
      clerk: await signIn(t.app, clerk.email, "bss"),
      viewer: await signIn(t.app, w.users.dViewer.email, "bss"),
      tenant: await signIn(t.app, w.users.tClerk.email, "bss"),
    };
  });
  after(() => t.close());

  const call = (
    method: "GET" | "POST" | "PUT" | "DELETE",
    url: string,
    cookie: { cookie: string },
    payload?: object,
  ) => t.app.inject({ method, url, headers: cookie, ...(payload ? { payload } : {}) });

  it("R-TEN-03 the copy shows who manages it, in its details and in the list", async () => {
    const res = await call("GET", `/api/bss/subscriptions/${copy.id}`, cookies.viewer);
    assert.equal(res.statusCode, 200, res.body);
    const body = json(res);
    assert.equal(body.managedBy.ribbon, `This subscription is managed by ${w.tenant.name} Tenant Reseller`);
    assert.equal(body.managedBy.tenantId, w.tenant.id);
    assert.equal(body.billToAccountId, w.resellerAccountId);
    const list = json(
      await call(
        "GET",
        `/api/bss/subscriptions?q=${encodeURIComponent(copy.name.slice(0, 20))}`,
        cookies.viewer,
      ),
    );
    assert.equal(list.items.find((s: { id: string }) => s.id === copy.id)?.managedBy?.name, w.tenant.name);
  });

  it("R-TEN-05 every lifecycle action on a copy is refused with the rule's code, previews included", async () => {
    const addonId =
      copy.id &&
      (
        await queryRows<{ id: string }>(
          t.deps.db,
          sql`select id from subscription_addons where subscription_id = ${copy.id}`,
        )
      )[0]!.id;
    const target = (await w.product(w.distributor.id, "DBX-BUS-MCMB")).id;
    const refused: Array<[string, string, object | undefined]> = [
      ["POST", "quantity", { quantity: 5 }],
      ["POST", "cancel", { mode: "immediate" }],
      ["POST", "auto-renew", { autoRenew: false }],
      ["POST", "suspend", undefined],
      ["POST", "resume", undefined],
      ["POST", "cancellation/revoke", {}],
      ["POST", "renewal-request", { quantity: 4 }],
      ["POST", "reactivate", undefined],
      ["POST", "upgrade", { targetProductId: target }],
      ["POST", "downgrade", { targetProductId: target }],
      ["POST", "addons", { productId: target }],
      ["POST", `addons/${addonId}/cancel`, {}],
    ];
    for (const [method, path, body] of refused) {
      for (const query of ["", "?dryRun=true"]) {
        const res = await call(
          method as "POST",
          `/api/bss/subscriptions/${copy.id}/${path}${query}`,
          cookies.clerk,
          body,
        );
        assert.equal(res.statusCode, 422, `${path}${query}: ${res.body}`);
        assert.equal(json(res).error.code, "R-TEN-05", path);
        assert.match(json(res).error.message, new RegExp(`managed by ${w.tenant.name} Tenant Reseller`));
      }
    }
    // No retry on a copy (R-TEN-02): its tenant reseller provisions it.
    const retry = await call(
      "POST",
      `/api/bss/subscriptions/${copy.id}/provisioning/retry`,
      cookies.clerk,
      {},
    );
    assert.equal(retry.statusCode, 422, retry.body);
    assert.equal(json(retry).error.code, "R-TEN-02");
    const unchanged = (await copyOf(t.deps, w, copy.sourceSubscriptionId!))!;
    assert.deepEqual([unchanged.quantity, unchanged.status, unchanged.autoRenew], [3, "active", true]);
  });

  it("R-TEN-05 the distributor may edit the unlocked fields and the pricing; the name stays locked", async () => {
    const edit = await call("POST", `/api/bss/subscriptions/${copy.id}/edit`, cookies.clerk, {
      responsibleUserId: w.users.dAdmin.id,
      subscriptionType: "Reseller managed",
      customFields: { region: "EMEA" },
    });
    assert.equal(edit.statusCode, 200, edit.body);
    const after = json(edit).subscription;
    assert.equal(after.responsibleUserId, w.users.dAdmin.id);
    assert.equal(after.subscriptionType, "Reseller managed");
    assert.deepEqual(after.customFields, { region: "EMEA" });
    const name = await call("POST", `/api/bss/subscriptions/${copy.id}/edit`, cookies.clerk, {
      name: "Renamed",
    });
    assert.equal(name.statusCode, 422, name.body);
    assert.equal(json(name).error.code, "R-TEN-05");
    const locked = await call("POST", `/api/bss/subscriptions/${copy.id}/edit`, cookies.clerk, {
      quantity: 9,
    });
    assert.equal(locked.statusCode, 400, "quantity is not an editable field");
    const pricing = await call("POST", `/api/bss/subscriptions/${copy.id}/pricing`, cookies.clerk, {
      applyTo: "next",
      unitPrice: "11.00",
    });
    assert.equal(pricing.statusCode, 200, pricing.body);
    assert.equal(json(pricing).subscription.unitPrice.decimal, "11.00");
    // The billing unit is not an editable price (400 names the field).
    const unit = await call("POST", `/api/bss/subscriptions/${copy.id}/pricing`, cookies.clerk, {
      applyTo: "next",
      term: "AC1Y",
    });
    assert.equal(unit.statusCode, 400, unit.body);
    assert.equal((await copyOf(t.deps, w, copy.sourceSubscriptionId!))?.name, copy.name);
  });

  it("issue 6: back ordering, consistency and events endpoints; admin turns it on, viewers read, other tenants get 404", async () => {
    const base = `/api/bss/tenant-resellers/${w.tenant.id}`;
    const get = await call("GET", `${base}/back-ordering`, cookies.viewer);
    assert.equal(get.statusCode, 200, get.body);
    assert.equal(json(get).backOrdering, true);
    const off = await call("PUT", `${base}/back-ordering`, cookies.admin, { enabled: false });
    assert.equal(off.statusCode, 409, off.body);
    const asClerk = await call("PUT", `${base}/back-ordering`, cookies.clerk, { enabled: true });
    assert.equal(asClerk.statusCode, 403, "only an admin turns it on");
    const report = await call("GET", `${base}/consistency`, cookies.viewer);
    assert.equal(report.statusCode, 200, report.body);
    assert.deepEqual(json(report).differences, []);
    assert.equal(json(report).compared.subscriptions, 1);
    const events = json(await call("GET", `${base}/events`, cookies.viewer));
    assert.ok(events.items.some((e: { outcome: string }) => e.outcome === "created"));
    // The tenant's own BSS, and any unknown id, see no such tenant reseller.
    for (const [url, cookie] of [
      [`${base}/consistency`, cookies.tenant],
      [`/api/bss/tenant-resellers/ten_missing/consistency`, cookies.viewer],
    ] as const) {
      const res = await call("GET", url, cookie);
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(json(res).error.code, "not_found");
    }
    const anonymous = await t.app.inject({ method: "GET", url: `${base}/consistency` });
    assert.equal(anonymous.statusCode, 401);
  });
});
