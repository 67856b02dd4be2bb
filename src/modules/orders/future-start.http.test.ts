import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  adminEmail,
  line,
  type OrderWorld,
  orderWorld,
  rowsOf,
  signInOrderWorld,
} from "../../../test/order-fixtures.ts";
import { type Credential, issuePaths, type Req, send } from "../../../test/tenancy-fixtures.ts";
import { sql } from "../../shared/db.ts";

/**
 * R-TEN-02 / issue 13 item 11: a BSS order line may start later (`lines[].startDate`, today or
 * later). Until that day the subscription is Inactive ("Starts on …"), holds its admin email
 * (R-ORD-02), is neither provisioned nor billed, and may be cancelled with nothing to credit.
 * The clock stands on 3 March 2026; the lines start on the 10th.
 */
describe("R-TEN-02 issue 13: BSS orders with a future start date", () => {
  let t: TestApp;
  let w: OrderWorld;
  let as: Awaited<ReturnType<typeof signInOrderWorld>>;
  const call = (req: Req, caller: keyof typeof as | "anonymous" = "clerk") =>
    send(t.app, req, caller === "anonymous" ? {} : (as[caller] as Credential));
  const order = (body: object, query = "") => call({ method: "POST", url: `/api/bss/orders${query}`, body });
  const futureLine = (email = adminEmail(), startDate = "2026-03-10") =>
    line(w, "DBX-STD-MCMB", 3, { serviceDetails: { resellerId: "RS-1", adminEmail: email }, startDate });
  const count = async (table: string) =>
    (await rowsOf(t.deps, table, sql`tenant_id = ${w.tenant.id}`)).length;
  const jobsOf = (subscriptionId: string) =>
    rowsOf<{ kind: string }>(
      t.deps,
      "jobs",
      sql`queue = ${`prov:${subscriptionId}`} or payload->>'subscriptionId' = ${subscriptionId}`,
    );
  const getSub = async (id: string) => {
    const res = await call({ method: "GET", url: `/api/bss/subscriptions/${id}` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  before(async () => {
    t = await createTestApp({ start: "2026-03-03T09:00:00Z" });
    w = await orderWorld(t.deps);
    as = await signInOrderWorld(t.app, w);
  });
  after(() => t.close());

  it("R-TEN-02 the preview says when the line starts and bills nothing now; it writes nothing", async () => {
    const before = await Promise.all(["orders", "subscriptions", "billing_charges"].map(count));
    const res = await order({ accountId: w.customerA1.id, lines: [futureLine()] }, "?dryRun=true");
    assert.equal(res.statusCode, 200, res.body);
    const preview = res.json();
    assert.deepEqual(preview.violations, []);
    const [l] = preview.order.lines;
    assert.equal(l.startDate, "2026-03-10");
    assert.match(l.startNote, /Starts on 2026-03-10/);
    assert.match(l.startNote, /nothing is billed before/i);
    assert.deepEqual(await Promise.all(["orders", "subscriptions", "billing_charges"].map(count)), before);
  });

  it("R-TEN-02 the order executes; its subscription is Inactive until the 10th, not provisioned, not billed", async () => {
    const res = await order({ accountId: w.customerA1.id, lines: [futureLine()] });
    assert.equal(res.statusCode, 201, res.body);
    const placed = res.json();
    assert.equal(placed.status, "executed");
    assert.equal(placed.lines[0].startDate, "2026-03-10");
    const sub = await getSub(placed.lines[0].subscriptionId);
    assert.deepEqual(
      [sub.status, sub.awaitingStart, sub.statusReason, sub.orderDate, sub.startDate, sub.activationDate],
      ["inactive", true, "Starts on 2026-03-10", "2026-03-03", "2026-03-10", null],
    );
    // Provisioned on activation, not before: the sync waits (Pending) and nothing is queued.
    assert.equal(sub.syncStatus, "pending");
    assert.equal(sub.externalId, null);
    assert.deepEqual(await jobsOf(sub.id), [], "no provisioning job before the start date");
    // R-CAN-01: the 14-day window counts from the start date.
    assert.deepEqual(
      [sub.termStartDate, sub.termEndDate, sub.windowStartDate],
      ["2026-03-10", "2026-04-09", "2026-03-10"],
    );
    const charges = await call({ method: "GET", url: `/api/bss/subscriptions/${sub.id}/charges` });
    assert.deepEqual(charges.json().items, [], "nothing charged before the start");
    // The list shows the same state.
    const list = await call({
      method: "GET",
      url: `/api/bss/subscriptions?accountId=${w.customerA1.id}&limit=500`,
    });
    const listed = list.json().items.find((s: { id: string }) => s.id === sub.id);
    assert.equal(listed.statusReason, "Starts on 2026-03-10");
  });

  it("R-TEN-02 a past start date is refused naming the field; an impossible date too; today starts at once", async () => {
    const before = await Promise.all(["orders", "subscriptions", "order_lines"].map(count));
    const past = await order({ accountId: w.customerA1.id, lines: [futureLine(adminEmail(), "2026-03-02")] });
    assert.equal(past.statusCode, 400, past.body);
    assert.equal(past.json().error.code, "validation_failed");
    assert.deepEqual(issuePaths(past), ["lines.0.startDate"]);
    assert.match(past.json().error.message, /today \(2026-03-03\) or later/);
    const preview = await order(
      { accountId: w.customerA1.id, lines: [futureLine(), futureLine(adminEmail(), "2026-01-31")] },
      "?dryRun=true",
    );
    assert.equal(preview.statusCode, 400, "a preview refuses it the same way");
    assert.deepEqual(issuePaths(preview), ["lines.1.startDate"]);
    const bad = await order({ accountId: w.customerA1.id, lines: [futureLine(adminEmail(), "2026-02-30")] });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.deepEqual(await Promise.all(["orders", "subscriptions", "order_lines"].map(count)), before);

    const today = await order({
      accountId: w.customerA1.id,
      lines: [futureLine(adminEmail(), "2026-03-03")],
    });
    assert.equal(today.statusCode, 201, today.body);
    const sub = await getSub(today.json().lines[0].subscriptionId);
    assert.deepEqual(
      [sub.status, sub.awaitingStart, sub.statusReason, sub.activationDate],
      ["active", false, null, "2026-03-03"],
    );
    assert.equal((await jobsOf(sub.id)).length, 1, "provisioned at once");
  });

  it("R-ORD-02 a plan waiting for its start date holds its admin email", async () => {
    const email = adminEmail();
    const first = await order({ accountId: w.customerA1.id, lines: [futureLine(email)] });
    assert.equal(first.statusCode, 201, first.body);
    const again = {
      accountId: w.customerA1.id,
      lines: [line(w, "DBX-STD-AC1Y", 3, { serviceDetails: { resellerId: "RS-1", adminEmail: email } })],
    };
    const preview = await order(again, "?dryRun=true");
    assert.deepEqual(
      preview.json().violations.map((v: { code: string }) => v.code),
      ["R-ORD-02"],
    );
    const refused = await order(again);
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(refused.json().error.code, "R-ORD-02");
    const later = await order({ accountId: w.customerA2.id, lines: [futureLine(email, "2026-04-01")] });
    assert.equal(later.statusCode, 422, "another future plan for the email too");
  });

  it("R-CAN-01 R-TEN-02 a subscription that has not started can be cancelled (Immediate) with nothing to credit; other changes wait", async () => {
    const email = adminEmail();
    const placed = (await order({ accountId: w.customerA1.id, lines: [futureLine(email)] })).json();
    const id = placed.lines[0].subscriptionId;
    const command = (path: string, body: object, query = "") =>
      call({ method: "POST", url: `/api/bss/subscriptions/${id}/${path}${query}`, body });

    const quantity = await command("quantity", { quantity: 5 });
    assert.equal(quantity.statusCode, 422, quantity.body);
    assert.equal(quantity.json().error.code, "R-QTY-03");
    const reactivate = await command("reactivate", {});
    assert.equal(reactivate.statusCode, 422, reactivate.body);
    assert.match(reactivate.json().error.message, /starts on 2026-03-10/i);
    const atPeriodEnd = await command("cancel", { mode: "end_of_billing_period" });
    assert.equal(atPeriodEnd.statusCode, 422, atPeriodEnd.body);
    assert.match(atPeriodEnd.json().error.message, /not started/i);

    const preview = await command("cancel", { mode: "immediate" }, "?dryRun=true");
    assert.equal(preview.statusCode, 200, preview.body);
    assert.deepEqual(preview.json().violations, []);
    assert.deepEqual(preview.json().billing.lines, [], "nothing to credit");
    const res = await command("cancel", { mode: "immediate" });
    assert.equal(res.statusCode, 200, res.body);
    const out = res.json();
    assert.equal(out.effect, "immediate", "nothing to wait for at the vendor: it was never provisioned");
    assert.deepEqual(out.billing.lines, []);
    assert.deepEqual(out.billing.documents, []);
    assert.deepEqual(
      [out.subscription.status, out.subscription.awaitingStart, out.subscription.statusReason],
      ["canceled", false, null],
    );
    assert.equal(out.subscription.syncStatus, "unsynchronized", "never provisioned");
    assert.deepEqual(await jobsOf(id), [], "nothing is sent to the vendor");
    // The admin email is free again.
    const next = await order({ accountId: w.customerA1.id, lines: [futureLine(email, "2026-03-03")] });
    assert.equal(next.statusCode, 201, next.body);
  });

  it("security: POST /api/bss/orders with a start date — viewer 403, Storefront and anonymous refused, another tenant's customer 404; the Storefront basket takes no start date", async () => {
    const body = { accountId: w.customerA1.id, lines: [futureLine()] };
    const before = await count("orders");
    assert.equal((await call({ method: "POST", url: "/api/bss/orders", body }, "viewer")).statusCode, 403);
    assert.equal((await call({ method: "POST", url: "/api/bss/orders", body }, "anonymous")).statusCode, 401);
    const sf = await call({ method: "POST", url: "/api/bss/orders", body }, "sfA");
    assert.ok([401, 403].includes(sf.statusCode), sf.body);
    const other = await call({ method: "POST", url: "/api/bss/orders", body }, "otherAdmin");
    assert.equal(other.statusCode, 404, other.body);
    assert.equal(await count("orders"), before, "nothing written");
    const basket = await call(
      { method: "POST", url: "/api/storefront/basket/lines", body: futureLine() },
      "sfA1",
    );
    assert.equal(basket.statusCode, 400, basket.body);
    assert.match(basket.json().error.message, /startDate/);
    // A waiting subscription is as private as any other.
    const placed = (await order({ accountId: w.customerA1.id, lines: [futureLine()] })).json();
    const id = placed.lines[0].subscriptionId;
    assert.equal(
      (await call({ method: "GET", url: `/api/bss/subscriptions/${id}` }, "otherAdmin")).statusCode,
      404,
    );
    assert.equal(
      (await call({ method: "GET", url: `/api/storefront/subscriptions/${id}` }, "sfB")).statusCode,
      404,
    );
    const mine = await call({ method: "GET", url: `/api/storefront/subscriptions/${id}` }, "sfA1");
    assert.equal(mine.statusCode, 200, mine.body);
    assert.equal(mine.json().statusReason, "Starts on 2026-03-10");
    const dashboard = await call(
      { method: "GET", url: `/api/storefront/dashboard/subscriptions/${id}` },
      "sfA1",
    );
    assert.equal(dashboard.statusCode, 200, dashboard.body);
    assert.equal(dashboard.json().statusReason, "Starts on 2026-03-10");
    assert.equal(
      (await call({ method: "GET", url: `/api/storefront/dashboard/subscriptions/${id}` }, "sfB")).statusCode,
      404,
    );
  });
});
