import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { unique } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  assertLikeMissing,
  buildSignedInChannel,
  type Credential,
  leaks,
  type Req,
  type SignedInChannel,
  send,
} from "../../../test/tenancy-fixtures.ts";

/**
 * "Security" for every Storefront tenancy endpoint: only Storefront sessions; a reseller's user
 * sees its subtree (itself + its end customers), an end customer only itself, and writes belong
 * to resellers. Out of scope is 404, like a missing id.
 */

const email = () => `${unique("sec")}@sec.test`;

describe("tenancy security: Storefront endpoints", () => {
  let t: TestApp;
  let w: SignedInChannel;
  before(async () => {
    t = await createTestApp();
    w = await buildSignedInChannel(t.deps, t.app);
  });
  after(() => t.close());

  const call = (req: Req, cred: Credential) => send(t.app, req, cred);

  const SF: Array<{
    name: string;
    write: boolean;
    shape: "id" | "list" | "create";
    ok: number;
    req: (w: SignedInChannel) => Req;
  }> = [
    {
      name: "GET /api/storefront/accounts",
      write: false,
      shape: "list",
      ok: 200,
      req: () => ({ method: "GET", url: "/api/storefront/accounts?limit=500" }),
    },
    {
      name: "GET /api/storefront/accounts/:id",
      write: false,
      shape: "id",
      ok: 200,
      req: (w) => ({ method: "GET", url: `/api/storefront/accounts/${w.customerA2.id}` }),
    },
    {
      name: "POST /api/storefront/customers",
      write: true,
      shape: "create",
      ok: 201,
      req: () => ({ method: "POST", url: "/api/storefront/customers", body: { name: "Shop customer" } }),
    },
    {
      name: "PATCH /api/storefront/customers/:id (R-PAY-02 Order Approval switch)",
      write: true,
      shape: "id",
      ok: 200,
      req: (w) => ({
        method: "PATCH",
        url: `/api/storefront/customers/${w.customerA2.id}`,
        body: { orderApproval: true },
      }),
    },
    {
      name: "GET /api/storefront/accounts/:id/contacts",
      write: false,
      shape: "id",
      ok: 200,
      req: (w) => ({ method: "GET", url: `/api/storefront/accounts/${w.customerA2.id}/contacts` }),
    },
    {
      name: "POST /api/storefront/accounts/:id/contacts",
      write: true,
      shape: "id",
      ok: 201,
      req: (w) => ({
        method: "POST",
        url: `/api/storefront/accounts/${w.customerA2.id}/contacts`,
        body: { name: "C", email: email() },
      }),
    },
  ];
  const subtreeA = () => [w.resellerA.id, w.customerA1.id, w.customerA2.id];

  for (const e of SF) {
    describe(e.name, () => {
      it("needs a Storefront session: anonymous 401, BSS session and API key 403", async () => {
        assert.equal((await call(e.req(w), w.as.anonymous)).statusCode, 401);
        assert.equal((await call(e.req(w), w.as.admin)).statusCode, 403);
        assert.equal((await call(e.req(w), w.as.apiKey)).statusCode, 403);
      });

      it(`works for the reseller's own Storefront user → ${e.ok}`, async () => {
        const res = await call(e.req(w), w.as.sfA);
        assert.equal(res.statusCode, e.ok, res.body);
      });

      it("hides reseller A's subtree from another reseller and from another tenant's user", async () => {
        for (const who of ["sfB", "otherSf"] as const) {
          const req = e.req(w);
          const res = await call(req, w.as[who]);
          if (e.shape === "id") assertLikeMissing(res);
          else assert.equal(res.statusCode, e.ok, `${who}: ${res.body}`);
          assert.deepEqual(leaks(res, subtreeA(), req), [], who);
        }
      });

      it(
        e.write
          ? "refuses an end customer (403): Storefront writes belong to resellers"
          : "shows an end customer nothing of its sibling (404 / absent)",
        async () => {
          const req = e.req(w);
          const res = await call(req, w.as.sfA1);
          if (e.write) assert.equal(res.statusCode, 403, res.body);
          else if (e.shape === "id") assertLikeMissing(res);
          else {
            assert.equal(res.statusCode, 200);
            assert.deepEqual(
              res.json().items.map((a: { id: string }) => a.id),
              [w.customerA1.id],
            );
          }
        },
      );
    });
  }
});
