import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { customCatalog } from "../../../test/catalog-fixtures.ts";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import { line, type OrderWorld, orderWorld, signInOrderWorld } from "../../../test/order-fixtures.ts";
import { type Credential, type Req, send } from "../../../test/tenancy-fixtures.ts";

/**
 * "Security" for every order endpoint (DESIGN.md "Tenancy and access"): who may call it, and
 * that nothing outside the caller's tenant or Storefront subtree can be read, changed or probed —
 * another tenant's ids, another reseller's orders and another user's basket answer 404 like a
 * missing id; an end customer cannot decide on its own order (403); a viewer cannot act (403).
 */

type Caller = keyof Awaited<ReturnType<typeof signInOrderWorld>> | "anonymous";
interface Endpoint {
  name: string;
  /** Builds the request; called anew for every caller, so a consuming call has a fresh target. */
  req: () => Promise<Req>;
  ok: { as: Caller; status: number };
  status: Partial<Record<Caller, number>>;
  /** A list: these callers get 200 but must not see the ids of `hidden`. */
  hidden?: Partial<Record<Caller, () => string[]>>;
}

describe("orders security (every endpoint)", () => {
  let t: TestApp;
  let w: OrderWorld;
  let as: Awaited<ReturnType<typeof signInOrderWorld>>;
  let customProductId: string;
  /** Orders of reseller A's customer A1 (the tenant's data other callers must not see). */
  let executedA1: string;
  const call = (req: Req, caller: Caller) =>
    send(t.app, req, caller === "anonymous" ? {} : (as[caller] as Credential));

  /** A fresh order of A1 waiting for reseller A's approval. */
  async function pendingOrder(): Promise<string> {
    await call(
      { method: "POST", url: "/api/storefront/basket/lines", body: line(w, "DBX-STD-MCMB", 3) },
      "sfA1",
    );
    const res = await call({ method: "POST", url: "/api/storefront/basket/checkout", body: {} }, "sfA1");
    assert.equal(res.json().status, "pending_reseller_approval", res.body);
    return res.json().id;
  }
  async function inProgressOrder(): Promise<string> {
    const body = {
      accountId: w.customerA1.id,
      lines: [
        {
          productId: customProductId,
          quantity: 1,
          serviceDetails: { resellerId: "R", adminEmail: "a@b.test" },
        },
      ],
    };
    return (await call({ method: "POST", url: "/api/bss/orders", body }, "clerk")).json().id;
  }
  async function basketLine(caller: "sfA1" | "sfA2"): Promise<string> {
    const res = await call(
      { method: "POST", url: "/api/storefront/basket/lines", body: line(w, "DBX-STD-MCMB", 3) },
      caller,
    );
    return res.json().lines.at(-1).id;
  }

  before(async () => {
    t = await createTestApp();
    w = await orderWorld(t.deps);
    as = await signInOrderWorld(t.app, w);
    customProductId = (await customCatalog(t.deps, w.tenant.id)).basic.id;
    const placed = await call(
      {
        method: "POST",
        url: "/api/bss/orders",
        body: { accountId: w.customerA1.id, lines: [line(w, "DBX-STD-MCMB", 3)] },
      },
      "clerk",
    );
    executedA1 = placed.json().id;
  });
  after(() => t.close());

  const bssWrite = { anonymous: 401, sfA: 403, viewer: 403, otherAdmin: 404 } as const;
  const ENDPOINTS: Endpoint[] = [
    {
      name: "GET /api/bss/orders",
      req: async () => ({ method: "GET", url: "/api/bss/orders?limit=500" }),
      ok: { as: "viewer", status: 200 },
      status: { anonymous: 401, sfA: 403, otherAdmin: 200 },
      hidden: { otherAdmin: () => [executedA1] },
    },
    {
      name: "POST /api/bss/orders",
      req: async () => ({
        method: "POST",
        url: "/api/bss/orders",
        body: { accountId: w.customerA1.id, lines: [line(w, "DBX-STD-MCMB", 3)] },
      }),
      ok: { as: "clerk", status: 201 },
      status: bssWrite,
    },
    {
      name: "GET /api/bss/orders/:id",
      req: async () => ({ method: "GET", url: `/api/bss/orders/${executedA1}` }),
      ok: { as: "viewer", status: 200 },
      status: { anonymous: 401, sfA1: 403, otherAdmin: 404 },
    },
    {
      name: "POST /api/bss/orders/:id/execute",
      req: async () => ({ method: "POST", url: `/api/bss/orders/${await inProgressOrder()}/execute` }),
      ok: { as: "clerk", status: 200 },
      status: bssWrite,
    },
    {
      name: "POST /api/bss/orders/:id/cancel",
      req: async () => ({
        method: "POST",
        url: `/api/bss/orders/${await inProgressOrder()}/cancel`,
        body: {},
      }),
      ok: { as: "clerk", status: 200 },
      status: bssWrite,
    },
    {
      name: "POST /api/bss/orders/:id/approve",
      req: async () => ({ method: "POST", url: `/api/bss/orders/${await pendingOrder()}/approve` }),
      ok: { as: "clerk", status: 200 },
      status: bssWrite,
    },
    {
      name: "POST /api/bss/orders/:id/reject",
      req: async () => ({
        method: "POST",
        url: `/api/bss/orders/${await pendingOrder()}/reject`,
        body: { reason: "No" },
      }),
      ok: { as: "clerk", status: 200 },
      status: bssWrite,
    },
    {
      name: "GET /api/storefront/basket",
      req: async () => ({ method: "GET", url: "/api/storefront/basket" }),
      ok: { as: "sfA2", status: 200 },
      status: { anonymous: 401, clerk: 403 },
    },
    {
      name: "POST /api/storefront/basket/lines",
      req: async () => ({
        method: "POST",
        url: "/api/storefront/basket/lines",
        body: line(w, "DBX-STD-MCMB", 3),
      }),
      ok: { as: "sfA2", status: 201 },
      status: { anonymous: 401, clerk: 403, otherSf: 404 },
    },
    {
      name: "PATCH /api/storefront/basket/lines/:lineId (A1's line)",
      req: async () => ({
        method: "PATCH",
        url: `/api/storefront/basket/lines/${await basketLine("sfA1")}`,
        body: { quantity: 4 },
      }),
      ok: { as: "sfA1", status: 200 },
      status: { anonymous: 401, clerk: 403, sfA: 404, sfA2: 404, otherSf: 404 },
    },
    {
      name: "DELETE /api/storefront/basket/lines/:lineId (A1's line)",
      req: async () => ({
        method: "DELETE",
        url: `/api/storefront/basket/lines/${await basketLine("sfA1")}`,
      }),
      ok: { as: "sfA1", status: 204 },
      status: { anonymous: 401, clerk: 403, sfA: 404, sfA2: 404, otherSf: 404 },
    },
    {
      name: "POST /api/storefront/basket/precheck",
      req: async () => ({ method: "POST", url: "/api/storefront/basket/precheck", body: {} }),
      ok: { as: "sfA2", status: 200 },
      status: { anonymous: 401, clerk: 403 },
    },
    {
      name: "POST /api/storefront/basket/checkout",
      req: async () => {
        await basketLine("sfA2");
        return { method: "POST", url: "/api/storefront/basket/checkout", body: {} };
      },
      ok: { as: "sfA2", status: 201 },
      status: { anonymous: 401, clerk: 403 },
    },
    {
      name: "GET /api/storefront/orders",
      req: async () => ({ method: "GET", url: "/api/storefront/orders?limit=500" }),
      ok: { as: "sfA1", status: 200 },
      status: { anonymous: 401, clerk: 403, sfA2: 200, sfB: 200, otherSf: 200 },
      hidden: { sfA2: () => [executedA1], sfB: () => [executedA1], otherSf: () => [executedA1] },
    },
    {
      name: "GET /api/storefront/orders/:id",
      req: async () => ({ method: "GET", url: `/api/storefront/orders/${executedA1}` }),
      ok: { as: "sfA", status: 200 },
      status: { anonymous: 401, clerk: 403, sfA1: 200, sfA2: 404, sfB: 404, sfB1: 404, otherSf: 404 },
    },
    {
      name: "POST /api/storefront/orders/:id/approve",
      req: async () => ({ method: "POST", url: `/api/storefront/orders/${await pendingOrder()}/approve` }),
      ok: { as: "sfA", status: 200 },
      status: { anonymous: 401, clerk: 403, sfA1: 403, sfA2: 404, sfB: 404, otherSf: 404 },
    },
    {
      name: "POST /api/storefront/orders/:id/reject",
      req: async () => ({
        method: "POST",
        url: `/api/storefront/orders/${await pendingOrder()}/reject`,
        body: { reason: "No" },
      }),
      ok: { as: "sfA", status: 200 },
      status: { anonymous: 401, clerk: 403, sfA1: 403, sfA2: 404, sfB: 404, otherSf: 404 },
    },
  ];

  for (const e of ENDPOINTS) {
    describe(e.name, () => {
      it(`works for ${e.ok.as} → ${e.ok.status}`, async () => {
        const res = await call(await e.req(), e.ok.as);
        assert.equal(res.statusCode, e.ok.status, res.body);
      });
      for (const [caller, status] of Object.entries(e.status) as [Caller, number][]) {
        it(`answers ${caller} with ${status}${status === 404 ? " (like a missing id) and changes nothing" : ""}`, async () => {
          const req = await e.req();
          const res = await call(req, caller);
          assert.equal(res.statusCode, status, res.body);
          if (status === 404) assert.equal(res.json().error.code, "not_found");
          const hidden = e.hidden?.[caller]?.() ?? [];
          for (const id of hidden) assert.ok(!res.body.includes(id), `${caller} must not see ${id}`);
          if (status >= 400 && req.method !== "GET" && req.url.includes("/orders/")) {
            // The target is unchanged: still there, in the same status, for its rightful owner.
            const id = req.url.split("/")[4]!;
            const after = await call({ method: "GET", url: `/api/bss/orders/${id}` }, "viewer");
            assert.ok(["pending_reseller_approval", "in_progress"].includes(after.json().status), after.body);
          }
        });
      }
    });
  }
});
