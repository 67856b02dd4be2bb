import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import ExcelJS from "exceljs";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import { line, type OrderWorld, orderWorld, signInOrderWorld } from "../../../test/order-fixtures.ts";
import { type Credential, type Req, send } from "../../../test/tenancy-fixtures.ts";
import { sql } from "../../shared/db.ts";

/**
 * The Storefront billing dashboard's endpoints (R-DSH-01..04) and the order form's reads, with
 * the security case of each: nothing outside the caller's subtree is listed, exported or read.
 */
describe("Storefront dashboard HTTP", () => {
  let t: TestApp;
  let w: OrderWorld;
  let as: Awaited<ReturnType<typeof signInOrderWorld>>;
  let ownSub: string; // A3 bought it itself in the Storefront
  let behalfSub: string; // reseller A ordered it for A3
  let inactiveSub: string;
  const call = (req: Req, who: Credential) => send(t.app, req, who);
  const get = (url: string, who: Credential) => call({ method: "GET", url }, who);

  async function order(who: Credential, body: object, checkout: object = {}): Promise<string> {
    const added = await call({ method: "POST", url: "/api/storefront/basket/lines", body }, who);
    assert.equal(added.statusCode, 201, added.body);
    const res = await call({ method: "POST", url: "/api/storefront/basket/checkout", body: checkout }, who);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().status, "executed");
    return res.json().lines[0].subscriptionId;
  }

  before(async () => {
    t = await createTestApp();
    w = await orderWorld(t.deps);
    as = await signInOrderWorld(t.app, w);
    ownSub = await order(as.sfA3, line(w, "DBX-STD-MCMB", 4));
    behalfSub = await order(as.sfA, line(w, "DBX-STD-MCMB", 3), {
      customer: { kind: "existing", accountId: w.customerA3.id },
    });
    inactiveSub = await order(as.sfA3, line(w, "DBXS-STD-MCMB", 2));
    await t.deps.db.execute(
      // The vendor is not running in this test: the Sign plan is made Inactive (term ended) directly, for the status filter.
      sql`update subscriptions set status = 'inactive' where id = ${inactiveSub}`,
    );
  });
  after(() => t.close());

  it("R-DSH-03 R-DSH-04 lists the customer's subscriptions; prices only for what it bought itself in the Storefront", async () => {
    const res = await get("/api/storefront/dashboard/subscriptions?sort=name", as.sfA3);
    assert.equal(res.statusCode, 200, res.body);
    const items = res.json().items as Array<Record<string, unknown>>;
    assert.deepEqual(items.map((i) => i.id).sort(), [ownSub, behalfSub, inactiveSub].sort());
    const own = items.find((i) => i.id === ownSub)!;
    assert.equal(own.priceVisible, true);
    assert.ok(own.unitPrice && own.total);
    const unit = BigInt((own.unitPrice as { minor: string }).minor);
    assert.equal((own.total as { minor: string }).minor, String(unit * 4n), "total = unit × quantity");
    const behalf = items.find((i) => i.id === behalfSub)!;
    assert.equal(behalf.priceVisible, false, "R-DSH-04: bought by the reseller on the customer's behalf");
    assert.equal(behalf.unitPrice, null);
    assert.equal(behalf.total, null);
  });

  it("R-DSH-03 the Excel export holds exactly the listed rows for the same filter", async () => {
    const list = await get("/api/storefront/dashboard/subscriptions?status=active&sort=-quantity", as.sfA3);
    const listed = list.json().items as Array<{
      id: string;
      name: string;
      quantity: number;
      startDate: string;
    }>;
    assert.deepEqual(
      listed.map((i) => i.id),
      [ownSub, behalfSub],
    );
    const res = await get(
      "/api/storefront/dashboard/subscriptions/export?status=active&sort=-quantity",
      as.sfA3,
    );
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers["content-type"]), /spreadsheetml/);
    assert.match(String(res.headers["content-disposition"]), /subscriptions\.xlsx/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("Subscriptions")!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    assert.deepEqual(header.slice(0, 4), ["Subscription", "Add-ons", "Quantity", "Status"]);
    const rows: unknown[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push((row.values as unknown[]).slice(1));
    });
    assert.deepEqual(
      rows.map((r) => [r[0], r[2], r[3], r[11]]),
      listed.map((i) => [i.name, i.quantity, "Active", i.id]),
    );
    assert.equal(rows[1]![4], "-", "R-DSH-04: the hidden price is '-' in the file too");
    assert.equal(typeof rows[0]![4], "number");
    // Issue 16: real dates in the date columns (the day itself, read back at midnight UTC).
    assert.ok(rows[0]![9] instanceof Date, "start date is a date cell");
    assert.equal((rows[0]![9] as Date).toISOString().slice(0, 10), listed[0]!.startDate);
    assert.ok(rows[0]![10] instanceof Date, "term end is a date cell");
  });

  it("R-DSH-01 the overview counts orders, subscriptions and assets (licences of live subscriptions)", async () => {
    const res = await get("/api/storefront/dashboard", as.sfA3);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.subscriptions, 3);
    assert.equal(body.liveSubscriptions, 2);
    assert.equal(body.assets, 7);
    assert.equal(body.ordersTotal, 3);
    const behalf = body.recentOrders.find((o: { onBehalf: boolean }) => o.onBehalf);
    assert.equal(behalf.total, null, "R-DSH-02: no total on the reseller's order for the customer");
  });

  it("R-DSH-05 a subscription's view: charges summary, Buy Licenses allowed when published", async () => {
    const res = await get(`/api/storefront/dashboard/subscriptions/${ownSub}`, as.sfA3);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.published, true);
    assert.equal(body.chargesSummary.net.currency, body.unitPrice.currency);
  });

  it("the order form reads a published product: billing plans, add-ons, service details", async () => {
    const ac1m = await get(`/api/storefront/catalog/products/${w.id("DBX-STD-AC1M")}`, as.sfA3);
    assert.equal(ac1m.statusCode, 200, ac1m.body);
    assert.deepEqual(ac1m.json().billingPlans, ["monthly"]);
    assert.deepEqual(
      ac1m.json().serviceDetails.map((d: { key: string }) => d.key),
      ["resellerId", "adminEmail"],
    );
    const asv = await get(`/api/storefront/catalog/products/${w.id("DBX-ASV-MCMB")}`, as.sfA3);
    assert.deepEqual(
      asv
        .json()
        .addons.map((a: { sku: string }) => a.sku)
        .sort(),
      ["DBX-ASV-10TB-MCMB", "DBX-ASV-50TB-MCMB"],
    );
  });

  it("R-ORD-05 the basket's AC1M line shows 12 installments that sum to the line's total", async () => {
    const added = await call(
      { method: "POST", url: "/api/storefront/basket/lines", body: line(w, "DBX-STD-AC1M", 7) },
      as.sfA2,
    );
    const basketLine = added.json().lines[0];
    const res = await get("/api/storefront/basket/installments", as.sfA2);
    assert.equal(res.statusCode, 200, res.body);
    const [plan] = res.json().lines;
    assert.equal(plan.lineId, basketLine.id);
    assert.equal(plan.count, 12);
    assert.equal(BigInt(plan.amount.minor) * 11n + BigInt(plan.last.minor), BigInt(basketLine.total.minor));
  });

  it("security: another customer's subscription is 404, its rows are never listed or exported; anonymous is 401", async () => {
    assert.equal((await get(`/api/storefront/dashboard/subscriptions/${ownSub}`, as.sfA1)).statusCode, 404);
    assert.equal((await get(`/api/storefront/dashboard/subscriptions/${ownSub}`, as.sfB)).statusCode, 404);
    assert.equal(
      (await get(`/api/storefront/dashboard/subscriptions/${ownSub}`, as.otherSf)).statusCode,
      404,
    );
    const list = await get("/api/storefront/dashboard/subscriptions", as.sfA1);
    assert.ok(!list.json().items.some((i: { id: string }) => [ownSub, behalfSub].includes(i.id)));
    const file = await get("/api/storefront/dashboard/subscriptions/export", as.sfA1);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const ids: unknown[] = [];
    book.getWorksheet("Subscriptions")!.eachRow((row, n) => {
      if (n > 1) ids.push(row.getCell(12).value);
    });
    assert.ok(!ids.includes(ownSub) && !ids.includes(behalfSub));
    // The reseller sees its customer's subscription (its subtree); another reseller does not.
    assert.equal((await get(`/api/storefront/dashboard/subscriptions/${ownSub}`, as.sfA)).statusCode, 200);
    // An unpublished product is not offered to the order form.
    assert.equal(
      (await get(`/api/storefront/catalog/products/${w.id("DBX-BUS-MCMB")}`, as.sfA3)).statusCode,
      404,
    );
    for (const url of [
      "/api/storefront/dashboard",
      "/api/storefront/dashboard/subscriptions",
      "/api/storefront/dashboard/subscriptions/export",
      `/api/storefront/dashboard/subscriptions/${ownSub}`,
      "/api/storefront/basket/installments",
    ])
      assert.equal((await get(url, {})).statusCode, 401, url);
    // BSS staff use the BSS routes, not the Storefront's.
    assert.equal((await get("/api/storefront/dashboard", as.clerk)).statusCode, 403);
  });
});
