import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createAccount, createTenant, createUser, unique } from "../../../test/factories.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/http.ts";
import { issuePaths } from "../../../test/tenancy-fixtures.ts";
import { drainJobs } from "../../jobs/index.ts";
import { transaction } from "../../shared/db.ts";
import { enqueueEmail, notificationJobHandlers } from "./index.ts";
import { orderData } from "./notifications.fixtures.ts";

/** The mailbox endpoints: BSS (admin, clerk) sees the tenant's emails, a Storefront user their own. */
describe("mailbox endpoints /api/bss/messages and /api/storefront/messages", () => {
  let t: TestApp;
  const who: Record<string, { cookie: string }> = {};
  const ids: Record<string, string> = {};
  let buyerEmail: string;

  before(async () => {
    t = await createTestApp();
    const tenant = await createTenant(t.deps);
    const other = await createTenant(t.deps);
    const customer = await createAccount(t.deps, { tenantId: tenant.id, kind: "direct_customer" });
    buyerEmail = `${unique("buyer")}@example.test`;
    const users = {
      admin: await createUser(t.deps, { tenantId: tenant.id, role: "admin" }),
      clerk: await createUser(t.deps, { tenantId: tenant.id, role: "clerk" }),
      viewer: await createUser(t.deps, { tenantId: tenant.id, role: "viewer" }),
      otherAdmin: await createUser(t.deps, { tenantId: other.id, role: "admin" }),
      buyer: await createUser(t.deps, { tenantId: tenant.id, accountId: customer.id, email: buyerEmail }),
      colleague: await createUser(t.deps, { tenantId: tenant.id, accountId: customer.id }),
    };
    for (const [name, user] of Object.entries(users))
      who[name] = await signIn(t.app, user.email, user.accountId ? "storefront" : "bss");

    // Oldest first, a minute apart on the business clock: the mailbox lists newest first.
    const add = async (name: string, tenantId: string, to: string, orderNumber: number) => {
      t.clock.advance({ minutes: 1 });
      await transaction(t.deps.db, async (tx) => {
        const data = orderData({ orderNumber, statusUrl: `/store/shop/orders/o${orderNumber}` });
        const key = `order-confirmation:${name}`;
        ids[name] = (
          await enqueueEmail(t.deps, tx, { tenantId, key, to, template: "order_confirmation", data })
        ).messageId;
      });
    };
    await add("first", tenant.id, buyerEmail.toUpperCase(), 1);
    await add("second", tenant.id, users.colleague.email, 2);
    await drainJobs(t.deps, notificationJobHandlers); // first and second are sent
    await add("third", tenant.id, buyerEmail, 3); // still queued
    await add("otherTenant", other.id, buyerEmail, 4);
  });
  after(() => t.close());

  const get = (url: string, as?: { cookie: string }) =>
    t.app.inject({ method: "GET", url, headers: as ?? { cookie: "" } });
  const idsOf = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((m) => m.id);

  it("lists the tenant's emails newest first, with paging", async () => {
    const res = await get("/api/bss/messages", who.clerk);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(idsOf(res), [ids.third, ids.second, ids.first]);
    assert.equal(res.json().total, 3);
    assert.equal(res.json().limit, 50);
    const first = res.json().items[2];
    assert.equal(first.status, "sent");
    assert.equal(first.transport, "stored");
    assert.equal(first.subject, "Order 1 received");
    assert.equal(first.key, "order-confirmation:first");
    const page = await get("/api/bss/messages?limit=1&offset=1", who.admin);
    assert.deepEqual(idsOf(page), [ids.second]);
    assert.equal(page.json().total, 3);
  });

  it("filters by recipient (ignoring case), template and status", async () => {
    const to = await get(`/api/bss/messages?to=${encodeURIComponent(buyerEmail.toUpperCase())}`, who.admin);
    assert.deepEqual(idsOf(to), [ids.third, ids.first]);
    const queued = await get("/api/bss/messages?status=queued", who.admin);
    assert.deepEqual(idsOf(queued), [ids.third]);
    const sent = await get(`/api/bss/messages?status=sent&to=${encodeURIComponent(buyerEmail)}`, who.admin);
    assert.deepEqual(idsOf(sent), [ids.first]);
    const template = await get("/api/bss/messages?template=order_confirmation", who.admin);
    assert.equal(template.json().total, 3);
  });

  it("sorts by subject, recipient or status both ways and pages the sorted list", async () => {
    const asc = await get("/api/bss/messages?sort=subject", who.admin);
    assert.deepEqual(idsOf(asc), [ids.first, ids.second, ids.third]);
    const descending = await get("/api/bss/messages?sort=-subject", who.admin);
    assert.deepEqual(idsOf(descending), [ids.third, ids.second, ids.first]);
    const oldest = await get("/api/bss/messages?sort=createdAt&limit=2&offset=1", who.admin);
    assert.deepEqual(idsOf(oldest), [ids.second, ids.third]);
    assert.equal(oldest.json().total, 3);
    assert.equal(oldest.json().offset, 1);
    const status = await get("/api/bss/messages?sort=status", who.admin);
    assert.deepEqual(
      status.json().items.map((m: { status: string }) => m.status),
      ["queued", "sent", "sent"],
    );
    // The Storefront mailbox takes the same orders.
    const mine = await get("/api/storefront/messages?sort=createdAt", who.buyer);
    assert.deepEqual(idsOf(mine), [ids.first, ids.third]);
  });

  it("answers 400 for a bad filter", async () => {
    const bad = await get("/api/bss/messages?sort=textBody", who.admin);
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, "validation_failed");
    assert.deepEqual(issuePaths(bad), ["querystring.sort"]);
    for (const q of ["status=lost", "template=newsletter", "limit=0", "limit=501", "colour=blue"]) {
      assert.equal((await get(`/api/bss/messages?${q}`, who.admin)).statusCode, 400, q);
    }
  });

  it("shows one email with its bodies and the data it was rendered from", async () => {
    const res = await get(`/api/bss/messages/${ids.first}`, who.clerk);
    assert.equal(res.statusCode, 200);
    const m = res.json();
    assert.equal(m.to, buyerEmail.toUpperCase());
    assert.ok(m.textBody.includes("http://localhost:3000/store/shop/orders/o1"));
    assert.match(m.htmlBody, /<a href="http:\/\/localhost:3000\/store\/shop\/orders\/o1">/);
    assert.equal(m.data.orderNumber, 1);
    assert.match(m.sentAt, /^\d{4}-\d{2}-\d{2}T/);
    assert.equal((await get("/api/bss/messages/msg_nope", who.admin)).statusCode, 404);
  });

  it("security: another tenant's email answers 404, the same as a missing one", async () => {
    assert.equal((await get(`/api/bss/messages/${ids.otherTenant}`, who.admin)).statusCode, 404);
    assert.equal((await get(`/api/bss/messages/${ids.first}`, who.otherAdmin)).statusCode, 404);
    assert.deepEqual(idsOf(await get("/api/bss/messages", who.otherAdmin)), [ids.otherTenant]);
  });

  it("security: a viewer and Storefront users get 403 on the BSS mailbox, nobody 401", async () => {
    for (const as of [who.viewer, who.buyer]) {
      assert.equal((await get("/api/bss/messages", as)).statusCode, 403);
      assert.equal((await get(`/api/bss/messages/${ids.first}`, as)).statusCode, 403);
    }
    assert.equal((await get("/api/bss/messages")).statusCode, 401);
    assert.equal((await get(`/api/bss/messages/${ids.first}`)).statusCode, 401);
  });

  it("a Storefront user sees only emails to their own address, without operator details", async () => {
    const res = await get("/api/storefront/messages", who.buyer);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(idsOf(res), [ids.third, ids.first]);
    const item = res.json().items[1];
    assert.equal(item.subject, "Order 1 received");
    for (const field of ["key", "data", "error", "transport", "providerMessageId"])
      assert.ok(!(field in item));
    const sent = await get("/api/storefront/messages?status=sent", who.buyer);
    assert.deepEqual(idsOf(sent), [ids.first]);
    const one = await get(`/api/storefront/messages/${ids.first}`, who.buyer);
    assert.equal(one.statusCode, 200);
    assert.ok(one.json().textBody.includes("/store/shop/orders/o1"));
    assert.ok(!("data" in one.json()));
  });

  it("security: a colleague's or another tenant's email answers 404 in the Storefront", async () => {
    assert.equal((await get(`/api/storefront/messages/${ids.second}`, who.buyer)).statusCode, 404);
    assert.equal((await get(`/api/storefront/messages/${ids.otherTenant}`, who.buyer)).statusCode, 404);
    assert.equal((await get(`/api/storefront/messages/${ids.first}`, who.colleague)).statusCode, 404);
    assert.deepEqual(idsOf(await get("/api/storefront/messages", who.colleague)), [ids.second]);
    // The recipient filter is not the caller's to choose in the Storefront.
    assert.equal((await get(`/api/storefront/messages?to=${buyerEmail}`, who.colleague)).statusCode, 400);
  });

  it("security: BSS staff get 403 on the Storefront mailbox, nobody 401", async () => {
    assert.equal((await get("/api/storefront/messages", who.admin)).statusCode, 403);
    assert.equal((await get(`/api/storefront/messages/${ids.first}`, who.admin)).statusCode, 403);
    assert.equal((await get("/api/storefront/messages")).statusCode, 401);
  });

  it("documents the endpoints in OpenAPI", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/docs/json" })).json();
    for (const [path, tag] of [
      ["/api/bss/messages", "bss: messages"],
      ["/api/bss/messages/{id}", "bss: messages"],
      ["/api/storefront/messages", "storefront: messages"],
      ["/api/storefront/messages/{id}", "storefront: messages"],
    ] as const) {
      const op = doc.paths[path]?.get;
      assert.ok(op, path);
      assert.deepEqual(op.tags, [tag]);
      assert.ok(op.summary);
    }
  });
});
