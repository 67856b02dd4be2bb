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
import { addContact, createApiKey } from "./index.ts";
import type { BssRole } from "./tenancy.types.ts";

/**
 * "Security" for every tenancy endpoint (DESIGN.md "Tenancy and access"): who may call it, and
 * that nothing outside the caller's tenant or Storefront subtree can be read, changed or probed.
 * Ids of other tenants/subtrees answer 404 like missing ids; lists show none of them.
 */

/** id: addresses our data by URL; list: answers a list; create: its body may point at our data. */
type Shape = "id" | "list" | "create";
interface BssEndpoint {
  name: string;
  method?: Req["method"];
  min: BssRole;
  ok: number;
  shape: Shape;
  req: (w: SignedInChannel, extra: Extra) => Req;
}
interface Extra {
  contactId: string;
  password: string;
  /** A DELETE consumes its target: each call revokes a key made just before (see prepare). */
  freshKeyId: string;
}

const PASSWORD = "long enough password";
const email = () => `${unique("sec")}@sec.test`;

const BSS: BssEndpoint[] = [
  {
    name: "GET /api/bss/tenant",
    min: "viewer",
    ok: 200,
    shape: "list",
    req: () => ({ method: "GET", url: "/api/bss/tenant" }),
  },
  {
    name: "GET /api/bss/tenants",
    min: "viewer",
    ok: 200,
    shape: "list",
    req: () => ({ method: "GET", url: "/api/bss/tenants" }),
  },
  {
    name: "POST /api/bss/tenants",
    min: "admin",
    ok: 201,
    shape: "create",
    req: (_w, x) => ({
      method: "POST",
      url: "/api/bss/tenants",
      body: { name: "TR", slug: unique("tr"), admin: { email: email(), name: "A", password: x.password } },
    }),
  },
  {
    name: "GET /api/bss/accounts",
    min: "viewer",
    ok: 200,
    shape: "list",
    req: () => ({ method: "GET", url: "/api/bss/accounts?limit=500" }),
  },
  {
    name: "POST /api/bss/accounts (end customer under our reseller)",
    min: "clerk",
    ok: 201,
    shape: "id",
    req: (w) => ({
      method: "POST",
      url: "/api/bss/accounts",
      body: { kind: "end_customer", parentAccountId: w.resellerA.id, name: "New" },
    }),
  },
  {
    name: "GET /api/bss/accounts/:id",
    min: "viewer",
    ok: 200,
    shape: "id",
    req: (w) => ({ method: "GET", url: `/api/bss/accounts/${w.customerA1.id}` }),
  },
  {
    name: "PATCH /api/bss/accounts/:id",
    min: "clerk",
    ok: 200,
    shape: "id",
    req: (w) => ({
      method: "PATCH",
      url: `/api/bss/accounts/${w.customerA1.id}`,
      body: { accountingNumber: "X-1" },
    }),
  },
  {
    name: "GET /api/bss/accounts/:id/contacts",
    min: "viewer",
    ok: 200,
    shape: "id",
    req: (w) => ({ method: "GET", url: `/api/bss/accounts/${w.customerA1.id}/contacts` }),
  },
  {
    name: "POST /api/bss/accounts/:id/contacts",
    min: "clerk",
    ok: 201,
    shape: "id",
    req: (w) => ({
      method: "POST",
      url: `/api/bss/accounts/${w.customerA1.id}/contacts`,
      body: { name: "C", email: email(), isPrimary: false },
    }),
  },
  {
    name: "PATCH /api/bss/accounts/:id/contacts/:contactId",
    min: "clerk",
    ok: 200,
    shape: "id",
    req: (w, x) => ({
      method: "PATCH",
      url: `/api/bss/accounts/${w.customerA1.id}/contacts/${x.contactId}`,
      body: { phone: "555" },
    }),
  },
  {
    name: "GET /api/bss/users",
    min: "admin",
    ok: 200,
    shape: "list",
    req: () => ({ method: "GET", url: "/api/bss/users?limit=500" }),
  },
  {
    name: "POST /api/bss/users (Storefront user of our account)",
    min: "admin",
    ok: 201,
    shape: "id",
    req: (w, x) => ({
      method: "POST",
      url: "/api/bss/users",
      body: {
        email: email(),
        name: "U",
        role: "storefront_user",
        password: x.password,
        accountId: w.resellerA.id,
      },
    }),
  },
  {
    name: "PATCH /api/bss/users/:id",
    min: "admin",
    ok: 200,
    shape: "id",
    req: (w) => ({ method: "PATCH", url: `/api/bss/users/${w.viewer.id}`, body: { name: "Still viewer" } }),
  },
  {
    name: "GET /api/bss/api-keys",
    min: "admin",
    ok: 200,
    shape: "list",
    req: () => ({ method: "GET", url: "/api/bss/api-keys?limit=500" }),
  },
  {
    name: "POST /api/bss/api-keys",
    min: "admin",
    ok: 201,
    shape: "create",
    req: () => ({ method: "POST", url: "/api/bss/api-keys", body: { name: "k", role: "viewer" } }),
  },
  {
    name: "DELETE /api/bss/api-keys/:id",
    method: "DELETE",
    min: "admin",
    ok: 204,
    shape: "id",
    req: (_w, x) => ({ method: "DELETE", url: `/api/bss/api-keys/${x.freshKeyId}` }),
  },
];

const LOWER: Record<BssRole, "viewer" | "clerk" | undefined> = {
  viewer: undefined,
  clerk: "viewer",
  admin: "clerk",
};

describe("tenancy security (every endpoint)", () => {
  let t: TestApp;
  let w: SignedInChannel;
  let extra: Extra;
  /** Every id of the tested tenant: none may show up in another tenant's or subtree's answer. */
  let ourIds: string[];

  before(async () => {
    t = await createTestApp();
    w = await buildSignedInChannel(t.deps, t.app);
    const contact = await addContact(t.deps, w.actors.clerk, {
      accountId: w.customerA1.id,
      contact: { name: "Target", email: "target@sec.test" },
    });
    extra = { contactId: contact.id, password: PASSWORD, freshKeyId: "" };
    ourIds = [
      w.tenant.id,
      w.resellerA.id,
      w.customerA1.id,
      w.customerA2.id,
      w.resellerB.id,
      w.customerB1.id,
      w.direct.id,
      w.admin.id,
      w.viewer.id,
      w.sfA.id,
      contact.id,
    ];
  });
  after(() => t.close());

  const call = (req: Req, cred: Credential) => send(t.app, req, cred);

  async function prepare(e: BssEndpoint) {
    if (e.method === "DELETE")
      extra.freshKeyId = (await createApiKey(t.deps, w.actors.admin, { name: "victim" })).apiKey.id;
  }

  for (const e of BSS) {
    describe(e.name, () => {
      it("needs credentials (401), refuses a revoked key (401) and a Storefront session (403)", async () => {
        await prepare(e);
        assert.equal((await call(e.req(w, extra), w.as.anonymous)).statusCode, 401);
        assert.equal((await call(e.req(w, extra), w.as.revokedKey)).statusCode, 401);
        const sf = await call(e.req(w, extra), w.as.sfA);
        assert.equal(sf.statusCode, 403, sf.body);
      });

      if (LOWER[e.min]) {
        it(`refuses a ${LOWER[e.min]} (403)`, async () => {
          await prepare(e);
          const res = await call(e.req(w, extra), w.as[LOWER[e.min]!]);
          assert.equal(res.statusCode, 403, res.body);
        });
      }

      it(`works with an API key (Bearer) → ${e.ok}`, async () => {
        await prepare(e);
        const res = await call(e.req(w, extra), w.as.apiKey);
        assert.equal(res.statusCode, e.ok, res.body);
      });

      it(
        e.shape === "list"
          ? "shows a BSS user of another tenant nothing of this tenant"
          : e.shape === "id"
            ? "answers 404 to a BSS user of another tenant and changes nothing"
            : "creates only inside the caller's own tenant",
        async () => {
          await prepare(e);
          const req = e.req(w, extra);
          const res = await call(req, w.as.otherAdmin);
          if (e.shape === "id") assertLikeMissing(res);
          else assert.equal(res.statusCode, e.ok, res.body);
          assert.deepEqual(leaks(res, ourIds, req), []);
          if (e.shape === "create" && res.statusCode === 201) {
            const body = res.json();
            assert.equal(body.tenant?.parentTenantId ?? w.other.tenant.id, w.other.tenant.id);
          }
        },
      );
    });
  }

  it("a key another tenant tried to revoke keeps working", async () => {
    const { apiKey, key } = await createApiKey(t.deps, w.actors.admin, { name: "survivor" });
    const res = await call({ method: "DELETE", url: `/api/bss/api-keys/${apiKey.id}` }, w.as.otherAdmin);
    assert.equal(res.statusCode, 404);
    const still = await call({ method: "GET", url: "/api/bss/tenant" }, { authorization: `Bearer ${key}` });
    assert.equal(still.statusCode, 200);
  });

  describe("a tenant reseller's BSS is a separate tenant", () => {
    it("its staff cannot read the distributor's accounts, and the distributor cannot read its data", async () => {
      const created = await call(
        {
          method: "POST",
          url: "/api/bss/tenants",
          body: { name: "TR", slug: unique("tr"), admin: { email: email(), name: "A", password: PASSWORD } },
        },
        w.as.admin,
      );
      assert.equal(created.statusCode, 201, created.body);
      const { tenant, admin, account } = created.json();
      const login = await t.app.inject({
        method: "POST",
        url: "/api/bss/auth/login",
        payload: { email: admin.email, password: PASSWORD },
      });
      const trCookie = {
        cookie: `openbss_session=${login.cookies.find((c) => c.name === "openbss_session")!.value}`,
      };
      const trCustomer = await call(
        { method: "POST", url: "/api/bss/accounts", body: { kind: "direct_customer", name: "TR customer" } },
        trCookie,
      );
      assert.equal(trCustomer.statusCode, 201);
      const trCustomerId = trCustomer.json().id;

      const mine = await call({ method: "GET", url: "/api/bss/tenant" }, trCookie);
      assert.equal(mine.json().id, tenant.id);
      for (const id of [w.resellerA.id, account.id]) {
        const res = await call({ method: "GET", url: `/api/bss/accounts/${id}` }, trCookie);
        assert.equal(res.statusCode, 404, "not even its own representing account in the distributor's BSS");
      }
      const trList = await call({ method: "GET", url: "/api/bss/accounts?limit=500" }, trCookie);
      assert.deepEqual(
        trList.json().items.map((a: { id: string }) => a.id),
        [trCustomerId],
      );
      assert.deepEqual(
        leaks(await call({ method: "GET", url: "/api/bss/users?limit=500" }, trCookie), ourIds),
        [],
      );

      const distRead = await call({ method: "GET", url: `/api/bss/accounts/${trCustomerId}` }, w.as.admin);
      assert.equal(distRead.statusCode, 404);
      const distList = await call({ method: "GET", url: "/api/bss/accounts?limit=500" }, w.as.admin);
      assert.ok(!distList.body.includes(trCustomerId));
      const distUsers = await call({ method: "GET", url: "/api/bss/users?limit=500" }, w.as.admin);
      assert.ok(!distUsers.body.includes(admin.id));
      const patchTrAdmin = await call(
        { method: "PATCH", url: `/api/bss/users/${admin.id}`, body: { disabled: true } },
        w.as.admin,
      );
      assert.equal(patchTrAdmin.statusCode, 404);
    });
  });
});
