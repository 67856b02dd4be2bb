import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { advanceTo } from "../../../test/billing-fixtures.ts";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  createCustomer,
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  signInWorld,
  subscriptionState,
} from "../../../test/subscription-fixtures.ts";
import { type Credential, send } from "../../../test/tenancy-fixtures.ts";
import { queryRows, sql } from "../../shared/db.ts";
import { sendMessage } from "../notifications/index.ts";
import { approveCancellationRequest } from "./approve-cancellation-request.ts";
import { emailRequestDecided } from "./cancellation-request-emails.ts";
import { findCancellationRequest } from "./cancellation-requests.repo.ts";
import { findSubscription } from "./subscriptions.repo.ts";

/** Issue 15: cancellation requests (R-CRQ-01..03, D13) over HTTP, with their emails. */
describe("cancellation requests (R-CRQ-01..03, D13)", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  let as: Awaited<ReturnType<typeof signInWorld>>;
  let typeId: string;
  const SKU = "DBX-STD-MCMB";
  before(async () => {
    t = await createTestApp({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
    as = await signInWorld(t.app, w);
    typeId = (await w.product(SKU)).productTypeId;
    // The reseller's address: where "submitted" goes when the subscription has no responsible user.
    await t.deps.db.execute(
      sql`update accounts set email = 'reseller-a@example.test' where id = ${w.reseller.id}`,
    );
  });
  after(() => t.close());

  const setOptions = (body: Record<string, unknown>, who: Credential = as.admin) =>
    send(
      t.app,
      {
        method: "PATCH",
        url: `/api/bss/catalog/product-types/${typeId}`,
        body: { cancellationRequests: body },
      },
      who,
    );
  const cancel = (subId: string, body: Record<string, unknown>, who = as.sfA1, dry = false) =>
    send(
      t.app,
      {
        method: "POST",
        url: `/api/storefront/subscriptions/${subId}/cancel${dry ? "?dryRun=true" : ""}`,
        body,
      },
      who,
    );
  const messages = (key: string) =>
    queryRows<{
      id: string;
      to_address: string;
      subject: string;
      text_body: string;
      html_body: string;
      status: string;
    }>(t.deps.db, sql`select * from messages where tenant_id = ${w.tenant.id} and key = ${key}`);
  const newSub = (quantity = 3) => createTestSubscription(t.deps, w, { sku: SKU, quantity });

  it("R-CRQ-01 product types carry the options (Dropbox: automatic), editable by an admin, threshold in the tenant's currency", async () => {
    const before = (
      await send(t.app, { method: "GET", url: `/api/bss/catalog/product-types/${typeId}` }, as.viewer)
    ).json();
    assert.deepEqual(before.cancellationRequests, {
      automaticSubscriptions: true,
      automaticAddons: true,
      amountThreshold: null,
    });
    const res = await setOptions({ automaticSubscriptions: false, amountThreshold: "100.00" });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().cancellationRequests, {
      automaticSubscriptions: false,
      automaticAddons: true,
      amountThreshold: { currency: "EUR", minor: "10000", decimal: "100.00" },
    });
    assert.equal((await setOptions({ amountThreshold: "1.001" })).statusCode, 400);
    assert.equal(
      (await setOptions({ amountThreshold: null })).json().cancellationRequests.amountThreshold,
      null,
    );
    // Security: a clerk may not, another tenant sees nothing, nobody signed in is 401.
    assert.equal((await setOptions({ automaticAddons: false }, as.clerk)).statusCode, 403);
    assert.equal((await setOptions({ automaticAddons: false }, as.otherAdmin)).statusCode, 404);
    assert.equal((await setOptions({ automaticAddons: false }, {})).statusCode, 401);
    assert.equal((await setOptions({ bogus: 1 })).statusCode, 400);
  });

  it("R-CRQ-02 a non-automatic cancellation becomes a request: subscription unchanged, ribbon, one pending, email to the reseller, withdraw", async () => {
    await setOptions({ automaticSubscriptions: false });
    const { subscription: sub } = await newSub();
    const state = await subscriptionState(t.deps, w.tenant.id, sub.id);
    const preview = await cancel(sub.id, { mode: "immediate" }, as.sfA1, true);
    assert.equal(preview.statusCode, 200, preview.body);
    assert.deepEqual(preview.json().cancellationRequest, {
      id: null,
      reason: "not_automatic",
      status: "pending",
    });
    assert.equal(preview.json().effect, "none");
    const res = await cancel(sub.id, { mode: "immediate", instructions: "we move away" });
    assert.equal(res.statusCode, 202, res.body);
    const reqId = res.json().cancellationRequest.id as string;
    assert.match(reqId, /^crq_/);
    assert.equal(
      await subscriptionState(t.deps, w.tenant.id, sub.id),
      state,
      "the subscription is unchanged",
    );
    const details = (
      await send(t.app, { method: "GET", url: `/api/storefront/subscriptions/${sub.id}` }, as.sfA1)
    ).json();
    assert.equal(details.pendingCancellationRequests.length, 1);
    assert.equal(details.pendingCancellationRequests[0].id, reqId);
    // At most one pending request per subscription.
    assert.equal((await cancel(sub.id, { mode: "end_of_billing_period" })).statusCode, 409);
    // The reseller (no responsible user) is told, with a link to the subscription in its Storefront.
    const [mail] = await messages(`cancellation-request-submitted:${reqId}`);
    assert.equal(mail?.to_address, "reseller-a@example.test");
    assert.match(
      mail!.text_body,
      new RegExp(`/store/${w.reseller.storefrontAlias}/billing/subscriptions/${sub.id}`),
    );
    assert.match(mail!.text_body, /we move away/);
    assert.ok(mail!.html_body.includes("<table"));
    // The BSS lists it (filters) and *View Request* says who, when, quantity, mode, instructions.
    const list = (
      await send(
        t.app,
        { method: "GET", url: `/api/bss/cancellation-requests?status=pending&accountId=${w.customer.id}` },
        as.viewer,
      )
    ).json();
    assert.ok(list.items.some((i: { id: string }) => i.id === reqId));
    assert.equal(
      (
        await send(
          t.app,
          { method: "GET", url: "/api/bss/cancellation-requests?status=withdrawn" },
          as.viewer,
        )
      )
        .json()
        .items.some((i: { id: string }) => i.id === reqId),
      false,
    );
    const view = (
      await send(t.app, { method: "GET", url: `/api/bss/cancellation-requests/${reqId}` }, as.viewer)
    ).json();
    assert.equal(view.submittedBy.email, w.sfA1.email);
    assert.equal(view.submittedOn, "2026-01-15");
    assert.equal(view.quantity, null);
    assert.equal(view.currentQuantity, 3);
    assert.equal(view.mode, "immediate");
    assert.equal(view.instructions, "we move away");
    assert.equal(view.status, "pending");
    // The customer withdraws it; once only.
    const wd = await send(
      t.app,
      { method: "POST", url: `/api/storefront/cancellation-requests/${reqId}/withdraw` },
      as.sfA1,
    );
    assert.equal(wd.statusCode, 200, wd.body);
    assert.equal(wd.json().status, "withdrawn");
    assert.equal(
      (
        await send(
          t.app,
          { method: "POST", url: `/api/storefront/cancellation-requests/${reqId}/withdraw` },
          as.sfA1,
        )
      ).statusCode,
      409,
    );
    assert.equal(await subscriptionState(t.deps, w.tenant.id, sub.id), state);
    // A new request is possible again.
    assert.equal((await cancel(sub.id, { mode: "immediate" })).statusCode, 202);
  });

  it("R-CRQ-03 approval runs the ordinary cancellation once (concurrently too), emails the customer once; rejection needs a reason", async () => {
    await setOptions({ automaticSubscriptions: false });
    const { subscription: sub } = await newSub(4);
    await t.deps.db.execute(
      sql`update subscriptions set responsible_user_id = ${w.clerk.id} where id = ${sub.id}`,
    );
    const reqId = (await cancel(sub.id, { mode: "immediate", quantity: 1 })).json().cancellationRequest
      .id as string;
    // The responsible user is told, linked to the back office's request page.
    const [submitted] = await messages(`cancellation-request-submitted:${reqId}`);
    assert.equal(submitted?.to_address, w.clerk.email);
    assert.match(submitted!.text_body, new RegExp(`/bss/cancellation-requests/${reqId}`));
    // The approval's preview is the cancellation's preview.
    const dry = await send(
      t.app,
      { method: "POST", url: `/api/bss/cancellation-requests/${reqId}/approve?dryRun=true`, body: {} },
      as.clerk,
    );
    assert.equal(dry.statusCode, 200, dry.body);
    assert.equal(dry.json().preview, true);
    assert.equal(dry.json().request.status, "pending");
    assert.equal(dry.json().cancellation.effect, "scheduled"); // Dropbox: fewer licences at renewal (D3)
    // Viewers may not decide.
    assert.equal(
      (
        await send(
          t.app,
          { method: "POST", url: `/api/bss/cancellation-requests/${reqId}/approve`, body: {} },
          as.viewer,
        )
      ).statusCode,
      403,
    );
    // Two approvals at once: one wins, the other is refused.
    const ctxActor = w.actors.clerk;
    const results = await Promise.allSettled([
      approveCancellationRequest(t.deps, ctxActor, { requestId: reqId, sendConfirmationEmail: true }),
      approveCancellationRequest(t.deps, ctxActor, { requestId: reqId, sendConfirmationEmail: true }),
    ]);
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    assert.equal(lost.reason.code, "conflict");
    const row = await findCancellationRequest(t.deps.db, w.tenant.id, reqId);
    assert.equal(row?.status, "approved");
    assert.equal(row?.decidedByUserId, w.clerk.id);
    const details = (
      await send(t.app, { method: "GET", url: `/api/bss/subscriptions/${sub.id}` }, as.viewer)
    ).json();
    assert.equal(details.pendingCancellationRequests.length, 0);
    assert.ok(
      details.scheduledChanges.some(
        (c: { kind: string; payload: { quantity: number } }) =>
          c.kind === "quantity_decrease" && c.payload.quantity === 3,
      ),
    );
    // The confirmation email: once, and a retried delivery sends it once.
    const [done] = await messages(`cancellation-request-completed:${reqId}`);
    assert.equal(done?.to_address, w.sfA1.email);
    assert.match(done!.subject, /approved/);
    const again = await emailRequestDecided(t.deps, t.deps.db, {
      request: row!,
      subscription: (await findSubscription(t.deps.db, w.tenant.id, sub.id))!,
      addonName: null,
      totalQuantity: 4,
      decision: "approved",
    });
    assert.equal(again?.messageId, done!.id, "the same business key is the same message");
    const first = await sendMessage(t.deps, { tenantId: w.tenant.id, messageId: done!.id });
    const retry = await sendMessage(t.deps, { tenantId: w.tenant.id, messageId: done!.id });
    assert.equal(retry?.status, "already_sent");
    assert.notEqual(first?.status, "already_sent");
    assert.equal((await messages(`cancellation-request-completed:${reqId}`)).length, 1);
    // A decided request is not decided again.
    assert.equal(
      (
        await send(
          t.app,
          { method: "POST", url: `/api/bss/cancellation-requests/${reqId}/reject`, body: { reason: "x" } },
          as.clerk,
        )
      ).statusCode,
      409,
    );

    // Rejection: a reason is required; the subscription stays; the customer is told why.
    const { subscription: sub2 } = await newSub(2);
    const req2 = (await cancel(sub2.id, { mode: "end_of_billing_period" })).json().cancellationRequest
      .id as string;
    const state = await subscriptionState(t.deps, w.tenant.id, sub2.id);
    assert.equal(
      (
        await send(
          t.app,
          { method: "POST", url: `/api/bss/cancellation-requests/${req2}/reject`, body: { reason: "  " } },
          as.clerk,
        )
      ).statusCode,
      400,
    );
    assert.equal(
      (
        await send(
          t.app,
          { method: "POST", url: `/api/bss/cancellation-requests/${req2}/reject`, body: {} },
          as.clerk,
        )
      ).statusCode,
      400,
    );
    const rej = await send(
      t.app,
      {
        method: "POST",
        url: `/api/bss/cancellation-requests/${req2}/reject`,
        body: { reason: "Contract runs to June", sendConfirmationEmail: true },
      },
      as.clerk,
    );
    assert.equal(rej.statusCode, 200, rej.body);
    assert.equal(rej.json().request.status, "rejected");
    assert.equal(rej.json().request.decisionReason, "Contract runs to June");
    assert.equal(await subscriptionState(t.deps, w.tenant.id, sub2.id), state);
    const [rejected] = await messages(`cancellation-request-rejected:${req2}`);
    assert.match(rejected!.text_body, /Contract runs to June/);
  });

  it("D13 the window is judged on the submission day; an Immediate approval takes effect on the approval day", async () => {
    await setOptions({ automaticSubscriptions: false });
    const { subscription: sub } = await newSub(2);
    const reqId = (await cancel(sub.id, { mode: "immediate" })).json().cancellationRequest.id as string;
    await advanceTo(t.deps, "2026-02-05"); // past the 14-day window (and a renewal of the MCMB term)
    const res = await send(
      t.app,
      { method: "POST", url: `/api/bss/cancellation-requests/${reqId}/approve`, body: {} },
      as.clerk,
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().cancellation.effectiveDate, "2026-02-05");
    assert.equal(res.json().request.status, "approved");
  });

  it("R-CRQ-02 while a request is pending, the Storefront cannot cancel the same licences again (not even once the type turns automatic)", async () => {
    await setOptions({ automaticSubscriptions: false });
    const { subscription: sub } = await newSub(6);
    const first = await cancel(sub.id, { mode: "immediate", quantity: 2 });
    assert.equal(first.statusCode, 202, first.body);
    const reqId = first.json().cancellationRequest.id as string;
    await setOptions({ automaticSubscriptions: true });
    const again = await cancel(sub.id, { mode: "immediate", quantity: 2 });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json().error.details.cancellationRequestId, reqId);
    const approved = await send(
      t.app,
      { method: "POST", url: `/api/bss/cancellation-requests/${reqId}/approve`, body: {} },
      as.clerk,
    );
    assert.equal(approved.statusCode, 200, approved.body);
    const scheduled = await queryRows<{ quantity: number }>(
      t.deps.db,
      sql`select (payload->>'quantity')::int as quantity from scheduled_changes
          where subscription_id = ${sub.id} and kind = 'quantity_decrease' and status = 'pending'`,
    );
    assert.deepEqual(scheduled, [{ quantity: 4 }], "2 of 6 licences cancelled once");
    await setOptions({ automaticSubscriptions: true });
  });

  it("R-CRQ-02 webhooks: created when submitted; decided (status withdrawn) when the customer withdraws, so an integrator's pending list empties", async () => {
    const endpoint = await send(
      t.app,
      {
        method: "POST",
        url: "/api/bss/webhooks/endpoints",
        body: {
          url: "http://127.0.0.1:9/crq",
          eventTypes: ["cancellation_request.created", "cancellation_request.decided"],
        },
      },
      as.admin,
    );
    assert.equal(endpoint.statusCode, 201, endpoint.body);
    await setOptions({ automaticSubscriptions: false });
    const { subscription: sub } = await newSub(3);
    const reqId = (await cancel(sub.id, { mode: "immediate" })).json().cancellationRequest.id as string;
    const wd = await send(
      t.app,
      { method: "POST", url: `/api/storefront/cancellation-requests/${reqId}/withdraw` },
      as.sfA1,
    );
    assert.equal(wd.statusCode, 200, wd.body);
    const events = await queryRows<{ type: string; body: string }>(
      t.deps.db,
      sql`select type, body from webhook_events where tenant_id = ${w.tenant.id} and body like ${`%${reqId}%`} order by created_at, id`,
    );
    assert.deepEqual(
      events.map((e) => [e.type, (JSON.parse(e.body) as { data: { status: string } }).data.status]),
      [
        ["cancellation_request.created", "pending"],
        ["cancellation_request.decided", "withdrawn"],
      ],
    );
    await send(
      t.app,
      { method: "DELETE", url: `/api/bss/webhooks/endpoints/${endpoint.json().id}` },
      as.admin,
    );
    await setOptions({ automaticSubscriptions: true });
  });

  it("R-CRQ-01 threshold: a credit above it waits, one below it is executed at once", async () => {
    await setOptions({ automaticSubscriptions: true, amountThreshold: "0.01" });
    const { subscription: big } = await newSub(3);
    const res = await cancel(big.id, { mode: "immediate" });
    assert.equal(res.statusCode, 202, res.body);
    assert.equal(res.json().cancellationRequest.reason, "above_threshold");
    const view = (
      await send(
        t.app,
        { method: "GET", url: `/api/storefront/cancellation-requests/${res.json().cancellationRequest.id}` },
        as.sfA1,
      )
    ).json();
    assert.ok(BigInt(view.estimatedCredit.minor) > 1n);
    await setOptions({ amountThreshold: "100000.00" });
    const { subscription: small } = await newSub(3);
    const now = await cancel(small.id, { mode: "immediate" });
    assert.equal(now.json().cancellationRequest, undefined);
    assert.notEqual(now.json().effect, "none");
    await setOptions({ amountThreshold: null });
  });

  it("R-CRQ-02 add-on requests: the add-on stays until approved", async () => {
    await setOptions({ automaticSubscriptions: true, automaticAddons: false });
    const { subscription: sub, addons } = await createTestSubscription(t.deps, w, {
      sku: "DBX-BUS-MCMB",
      quantity: 3,
      addons: [{ sku: "DBXS-SP-MCMB", quantity: 3 }],
    }).catch(async () => createTestSubscription(t.deps, w, { sku: SKU, quantity: 3 }));
    if (addons.length === 0) return assert.fail("no add-on product to test with");
    const addon = addons[0]!;
    const res = await send(
      t.app,
      { method: "POST", url: `/api/storefront/subscriptions/${sub.id}/addons/${addon.id}/cancel`, body: {} },
      as.sfA1,
    );
    assert.equal(res.statusCode, 202, res.body);
    const reqId = res.json().cancellationRequest.id as string;
    assert.equal(res.json().addonId, addon.id);
    const stillThere = (
      await send(t.app, { method: "GET", url: `/api/storefront/subscriptions/${sub.id}` }, as.sfA1)
    ).json();
    assert.equal(stillThere.addons.find((a: { id: string }) => a.id === addon.id).status, "active");
    assert.equal(stillThere.pendingCancellationRequests[0].addonId, addon.id);
    // The reseller approves its customer's request in its Storefront; another reseller cannot see it; the customer cannot decide.
    assert.equal(
      (
        await send(
          t.app,
          { method: "POST", url: `/api/storefront/cancellation-requests/${reqId}/approve`, body: {} },
          as.sfB,
        )
      ).statusCode,
      404,
    );
    assert.equal(
      (
        await send(
          t.app,
          { method: "POST", url: `/api/storefront/cancellation-requests/${reqId}/approve`, body: {} },
          as.sfA1,
        )
      ).statusCode,
      403,
    );
    assert.equal(
      (
        await send(
          t.app,
          { method: "POST", url: `/api/storefront/cancellation-requests/${reqId}/approve`, body: {} },
          as.sfA2,
        )
      ).statusCode,
      404,
    );
    const ok = await send(
      t.app,
      {
        method: "POST",
        url: `/api/storefront/cancellation-requests/${reqId}/approve`,
        body: { sendConfirmationEmail: true },
      },
      as.sfA,
    );
    assert.equal(ok.statusCode, 200, ok.body);
    const after = (
      await send(t.app, { method: "GET", url: `/api/storefront/subscriptions/${sub.id}` }, as.sfA1)
    ).json();
    assert.equal(after.addons.find((a: { id: string }) => a.id === addon.id).status, "canceled");
    await setOptions({ automaticAddons: true });
  });

  it("security: every request endpoint (401, 403, other tenant 404, Storefront subtree 404)", async () => {
    await setOptions({ automaticSubscriptions: false });
    const customer = await createCustomer(t.deps, w);
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: SKU,
      quantity: 2,
      accountId: customer.id,
    });
    const reqId = (await cancel(sub.id, { mode: "immediate" }, as.sfA)).json().cancellationRequest
      .id as string;
    const bss = [
      { method: "GET" as const, url: "/api/bss/cancellation-requests" },
      { method: "GET" as const, url: `/api/bss/cancellation-requests/${reqId}` },
      { method: "POST" as const, url: `/api/bss/cancellation-requests/${reqId}/approve`, body: {} },
      {
        method: "POST" as const,
        url: `/api/bss/cancellation-requests/${reqId}/reject`,
        body: { reason: "no" },
      },
    ];
    for (const r of bss) {
      assert.equal((await send(t.app, r, {})).statusCode, 401, r.url);
      assert.equal((await send(t.app, r, as.sfA)).statusCode, 403, r.url); // the other area's session
      if (r.url.endsWith("requests"))
        assert.deepEqual((await send(t.app, r, as.otherAdmin)).json().items, []);
      else assert.equal((await send(t.app, r, as.otherAdmin)).statusCode, 404, r.url);
      if (r.method === "POST") assert.equal((await send(t.app, r, as.viewer)).statusCode, 403, r.url);
    }
    const sf = [
      { method: "GET" as const, url: `/api/storefront/cancellation-requests/${reqId}` },
      { method: "POST" as const, url: `/api/storefront/cancellation-requests/${reqId}/withdraw` },
      { method: "POST" as const, url: `/api/storefront/cancellation-requests/${reqId}/approve`, body: {} },
      {
        method: "POST" as const,
        url: `/api/storefront/cancellation-requests/${reqId}/reject`,
        body: { reason: "no" },
      },
    ];
    for (const r of sf) {
      assert.equal((await send(t.app, r, {})).statusCode, 401, r.url);
      assert.equal((await send(t.app, r, as.clerk)).statusCode, 403, r.url); // the other area's session
      assert.equal((await send(t.app, r, as.sfA1)).statusCode, 404, r.url); // another customer of the same reseller
      assert.equal((await send(t.app, r, as.sfB)).statusCode, 404, r.url);
      assert.equal((await send(t.app, r, as.otherSf)).statusCode, 404, r.url);
    }
    const mine = (
      await send(t.app, { method: "GET", url: "/api/storefront/cancellation-requests" }, as.sfA1)
    ).json();
    assert.equal(
      mine.items.some((i: { id: string }) => i.id === reqId),
      false,
    );
    assert.equal(
      (await send(t.app, { method: "GET", url: "/api/bss/cancellation-requests/crq_missing" }, as.viewer))
        .statusCode,
      404,
    );
    await setOptions({ automaticSubscriptions: true });
  });

  it("lists the requests sorted by submission both ways and paged; a bad sort is a 400", async () => {
    const list = async (query: string) =>
      (
        await send(t.app, { method: "GET", url: `/api/bss/cancellation-requests?${query}` }, as.viewer)
      ).json();
    const newest = await list("limit=500");
    assert.ok(newest.total >= 3, `${newest.total} requests`);
    const dates = newest.items.map((i: { submittedAt: string }) => i.submittedAt);
    assert.deepEqual(dates, [...dates].sort().reverse(), "newest first by default");
    const oldest = await list("sort=submittedAt&limit=500");
    assert.deepEqual(
      oldest.items.map((i: { id: string }) => i.id),
      newest.items.map((i: { id: string }) => i.id).reverse(),
    );
    const second = await list("sort=submittedAt&limit=1&offset=1");
    assert.deepEqual(
      [second.items[0].id, second.total, second.offset],
      [oldest.items[1].id, newest.total, 1],
    );
    const byStatus = (await list("sort=status&limit=500")).items.map((i: { status: string }) => i.status);
    assert.deepEqual(byStatus, [...byStatus].sort());
    const bad = await send(
      t.app,
      { method: "GET", url: "/api/bss/cancellation-requests?sort=reason" },
      as.viewer,
    );
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, "validation_failed");
    assert.deepEqual(
      bad.json().error.details.issues.map((i: { path: string }) => i.path),
      ["querystring.sort"],
    );
  });
});
