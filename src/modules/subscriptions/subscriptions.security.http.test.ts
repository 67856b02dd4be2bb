import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  signInWorld,
} from "../../../test/subscription-fixtures.ts";
import { type Credential, leaks, type Req, send } from "../../../test/tenancy-fixtures.ts";

/**
 * "Security" for every subscription endpoint (DESIGN.md "Tenancy and access"): BSS viewers read
 * and clerks act inside their tenant; Storefront users act on their subtree only. Anything else
 * answers 404 exactly like a missing id. Commands run as previews (?dryRun=true), so every case
 * can use the same subscription and nothing changes.
 */

type Shape = "id" | "list";
interface Endpoint {
  name: string;
  shape: Shape;
  write: boolean;
  req: (id: string) => Req;
}

const COMMANDS = (area: "bss" | "storefront"): Endpoint[] => {
  const base = `/api/${area}/subscriptions`;
  const post = (path: string, body: unknown = {}): Endpoint => ({
    name: `POST ${base}/:id/${path}`,
    shape: "id",
    write: true,
    req: (id) => ({ method: "POST", url: `${base}/${id}/${path}?dryRun=true`, body }),
  });
  const reads: Endpoint[] = [
    {
      name: `GET ${base}`,
      shape: "list",
      write: false,
      req: () => ({ method: "GET", url: `${base}?limit=500` }),
    },
    {
      name: `GET ${base}/:id`,
      shape: "id",
      write: false,
      req: (id) => ({ method: "GET", url: `${base}/${id}` }),
    },
    {
      name: `GET ${base}/:id/history`,
      shape: "id",
      write: false,
      req: (id) => ({ method: "GET", url: `${base}/${id}/history` }),
    },
    {
      name: `GET ${base}/:id/charges`,
      shape: "id",
      write: false,
      req: (id) => ({ method: "GET", url: `${base}/${id}/charges` }),
    },
    {
      name: `GET ${base}/:id/installment-plan`,
      shape: "id",
      write: false,
      req: (id) => ({ method: "GET", url: `${base}/${id}/installment-plan` }),
    },
  ];
  const both = [
    post("quantity", { quantity: 5 }),
    post("cancel", { mode: "end_of_billing_period" }),
    post("auto-renew", { autoRenew: false }),
  ];
  if (area === "storefront") return [...reads, ...both];
  return [
    ...reads,
    ...both,
    post("cancellation/revoke"),
    post("suspend"),
    post("resume"),
    post("renewal-request", { quantity: 5 }),
    {
      name: `DELETE ${base}/:id/renewal-request`,
      shape: "id",
      write: true,
      req: (id) => ({ method: "DELETE", url: `${base}/${id}/renewal-request?dryRun=true` }),
    },
    post("reactivate"),
    post("pricing", { applyTo: "next", unitPrice: "10.00" }),
  ];
};

describe("subscriptions security (every endpoint)", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  let as: Awaited<ReturnType<typeof signInWorld>> & { anonymous: Record<string, never> };
  /** A1's subscription (an end customer of reseller A) and one of reseller B's customer. */
  let subId: string;
  let otherSubId: string;

  before(async () => {
    t = await createTestApp();
    w = await setupSubscriptionWorld(t.deps);
    as = { ...(await signInWorld(t.app, w)), anonymous: {} };
    subId = (await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 3 })).subscription.id;
    otherSubId = (
      await createTestSubscription(t.deps, w, {
        sku: "DBX-STD-MCMB",
        quantity: 3,
        accountId: w.customerB1.id,
      })
    ).subscription.id;
  });
  after(() => t.close());

  const call = (req: Req, cred: Credential) => send(t.app, req, cred);
  const ids = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((s) => s.id);

  /** A 404 for an id out of scope reads exactly like the one for an id that never existed. */
  async function assertLikeMissing(e: Endpoint, cred: Credential) {
    const res = await call(e.req(subId), cred);
    const missing = await call(e.req("sub_doesnotexist"), cred);
    assert.equal(res.statusCode, 404, res.body);
    assert.equal(missing.statusCode, 404, missing.body);
    assert.equal(res.json().error.code, "not_found");
    assert.equal(res.json().error.message, `Subscription ${subId} was not found`);
    assert.deepEqual(leaks(res, [w.customerA1.id, w.resellerA.id, w.tenant.id]), []);
  }

  for (const e of COMMANDS("bss")) {
    describe(e.name, () => {
      it("needs credentials (401) and refuses a Storefront session (403)", async () => {
        assert.equal((await call(e.req(subId), as.anonymous)).statusCode, 401);
        assert.equal((await call(e.req(subId), as.sfA)).statusCode, 403);
      });
      it(e.write ? "refuses a viewer (403); a clerk may act (200)" : "a viewer may read (200)", async () => {
        const viewer = await call(e.req(subId), as.viewer);
        assert.equal(viewer.statusCode, e.write ? 403 : 200, viewer.body);
        const clerk = await call(e.req(subId), as.clerk);
        assert.equal(clerk.statusCode, 200, clerk.body);
      });
      it(
        e.shape === "id"
          ? "answers 404 to another tenant's staff"
          : "shows another tenant's staff none of ours",
        async () => {
          if (e.shape === "id") return assertLikeMissing(e, as.otherAdmin);
          const res = await call(e.req(subId), as.otherAdmin);
          assert.equal(res.statusCode, 200);
          assert.deepEqual(ids(res), []);
        },
      );
    });
  }

  for (const e of COMMANDS("storefront")) {
    describe(e.name, () => {
      it("needs credentials (401) and refuses a BSS session (403)", async () => {
        assert.equal((await call(e.req(subId), as.anonymous)).statusCode, 401);
        assert.equal((await call(e.req(subId), as.clerk)).statusCode, 403);
      });
      it("the reseller and the end customer itself may use it (200)", async () => {
        for (const cred of [as.sfA, as.sfA1]) {
          const res = await call(e.req(subId), cred);
          assert.equal(res.statusCode, 200, res.body);
          if (e.shape === "list") assert.ok(ids(res).includes(subId));
        }
      });
      it("another reseller, a sibling end customer and another tenant get 404 / see nothing", async () => {
        for (const cred of [as.sfB, as.sfA2, as.otherSf]) {
          if (e.shape === "id") await assertLikeMissing(e, cred);
          else {
            const res = await call(e.req(subId), cred);
            assert.equal(res.statusCode, 200);
            assert.ok(!ids(res).includes(subId));
          }
        }
      });
    });
  }

  it("an end customer lists only its own subscriptions; a reseller its customers'", async () => {
    const list = async (cred: Credential, query = "") =>
      ids(await call({ method: "GET", url: `/api/storefront/subscriptions?limit=500${query}` }, cred));
    assert.deepEqual(await list(as.sfA1), [subId]);
    assert.deepEqual(await list(as.sfA2), []);
    assert.deepEqual(await list(as.sfA), [subId]);
    assert.deepEqual(await list(as.sfB), [otherSubId]);
    assert.deepEqual(
      await list(as.sfA, `&accountId=${w.customerB1.id}`),
      [],
      "a filter cannot widen the scope",
    );
  });

  it("the Storefront has no suspend, resume, re-activation or renewal-request routes (back-office actions)", async () => {
    for (const path of ["suspend", "resume", "reactivate", "renewal-request", "cancellation/revoke"]) {
      const res = await call(
        { method: "POST", url: `/api/storefront/subscriptions/${subId}/${path}`, body: {} },
        as.sfA,
      );
      assert.equal(res.statusCode, 404, path);
    }
  });

  it("the Storefront view never shows the tenant's cost", async () => {
    const sf = (await call({ method: "GET", url: `/api/storefront/subscriptions/${subId}` }, as.sfA1)).json();
    assert.equal(sf.unitCost, undefined);
    assert.equal(sf.priceListId, undefined);
    const bss = (await call({ method: "GET", url: `/api/bss/subscriptions/${subId}` }, as.viewer)).json();
    assert.equal(typeof bss.unitCost.minor, "string");
  });
});
