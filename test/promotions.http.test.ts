import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "../src/shared/db.ts";
import { createTestApp, type TestApp } from "./http.ts";
import { line, type OrderWorld, orderWorld, rowsOf, signInOrderWorld } from "./order-fixtures.ts";
import { type Credential, type Req, send } from "./tenancy-fixtures.ts";

/**
 * The promotions API (R-PRM-01): clerks write, viewers read, tenant-scoped (another tenant's id is
 * 404), bad input 400 naming the field; and a BSS order's preview and answer show the promotion and
 * the promoted price, the subscription keeps its snapshot.
 */
describe("R-PRM-01 promotions HTTP", () => {
  let t: TestApp;
  let w: OrderWorld;
  let as: Awaited<ReturnType<typeof signInOrderWorld>>;
  const base = "/api/bss/catalog/promotions";
  const call = (req: Req, caller: keyof typeof as | "anonymous" = "clerk") =>
    send(t.app, req, caller === "anonymous" ? {} : (as[caller] as Credential));
  const body = (over: object = {}) => ({
    name: "Spring 20",
    startDate: "2026-03-01",
    endDate: "2026-03-31",
    productIds: [w.id("DBX-STD-MCMB")],
    terms: ["MCMB"],
    kind: "limited_recurring",
    cycles: 2,
    valueType: "percentage",
    basisPoints: 2000,
    ...over,
  });

  before(async () => {
    t = await createTestApp({ start: "2026-03-03T09:00:00Z" });
    w = await orderWorld(t.deps);
    as = await signInOrderWorld(t.app, w);
  });
  after(() => t.close());

  it("R-PRM-01 creates, edits, lists with filters, gets and ends a promotion", async () => {
    const created = await call({ method: "POST", url: base, body: body() });
    assert.equal(created.statusCode, 201, created.body);
    const p = created.json();
    assert.equal(p.status, "active");
    assert.equal(p.cycles, 2);
    assert.equal(p.basisPoints, 2000);
    assert.equal(p.amount, null);
    const monetary = await call({
      method: "POST",
      url: base,
      body: body({
        name: "Five off",
        kind: "one_time",
        cycles: undefined,
        valueType: "monetary",
        basisPoints: undefined,
        amount: "5.00",
        startDate: "2026-04-01",
        endDate: null,
        newCustomersOnly: true,
        prerequisiteProductIds: [w.id("DBX-1TB-MCMB")],
      }),
    });
    assert.equal(monetary.statusCode, 201, monetary.body);
    assert.deepEqual(monetary.json().amount, { currency: "EUR", minor: "500", decimal: "5.00" });
    assert.equal(monetary.json().status, "scheduled");
    assert.equal(monetary.json().cycles, 1);
    assert.deepEqual(monetary.json().prerequisiteProductIds, [w.id("DBX-1TB-MCMB")]);

    const edited = await call({
      method: "PATCH",
      url: `${base}/${p.id}`,
      body: { name: "Spring 25", basisPoints: 2500 },
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().name, "Spring 25");
    assert.equal(edited.json().cycles, 2);

    const ids = async (query: string) =>
      (
        (await call({ method: "GET", url: `${base}?${query}` }, "viewer")).json().items as Array<{
          id: string;
        }>
      ).map((x) => x.id);
    assert.deepEqual(await ids("status=active"), [p.id]);
    assert.deepEqual(await ids("status=scheduled"), [monetary.json().id]);
    assert.deepEqual(await ids("activeOn=2026-04-15"), [monetary.json().id]);
    assert.deepEqual(await ids(`productId=${w.id("DBX-STD-MCMB")}&limit=10`), [monetary.json().id, p.id]);
    assert.deepEqual(await ids(`productId=${w.id("DBX-EDU-MCMB")}`), []);
    // Sorted both ways ("Five off" has an open end: the latest), and paged.
    const [five, spring] = [monetary.json().id, p.id];
    assert.deepEqual(await ids("sort=name"), [five, spring]);
    assert.deepEqual(await ids("sort=-name"), [spring, five]);
    assert.deepEqual(await ids("sort=endDate"), [spring, five]);
    assert.deepEqual(await ids("sort=-endDate"), [five, spring]);
    assert.deepEqual(await ids("sort=startDate"), [spring, five]);
    const paged = (await call({ method: "GET", url: `${base}?sort=name&limit=1&offset=1` }, "viewer")).json();
    assert.deepEqual(
      [paged.items.map((x: { id: string }) => x.id), paged.total, paged.offset],
      [[spring], 2, 1],
    );
    const badSort = await call({ method: "GET", url: `${base}?sort=amount` }, "viewer");
    assert.equal(badSort.statusCode, 400);
    assert.equal(badSort.json().error.code, "validation_failed");
    assert.deepEqual(
      badSort.json().error.details.issues.map((i: { path: string }) => i.path),
      ["querystring.sort"],
    );
    const got = await call({ method: "GET", url: `${base}/${p.id}` }, "viewer");
    assert.equal(got.statusCode, 200);
    assert.equal(got.json().name, "Spring 25");

    const ended = await call({ method: "POST", url: `${base}/${p.id}/end`, body: {} });
    assert.equal(ended.statusCode, 200, ended.body);
    assert.equal(ended.json().endDate, "2026-03-02"); // end now: no order from today on
    assert.equal(ended.json().status, "ended");
    const withdrawn = await call({ method: "POST", url: `${base}/${monetary.json().id}/end`, body: {} });
    assert.equal(withdrawn.json().endDate, "2026-03-31"); // not started yet: withdrawn (ends the day before its start)
    const dated = await call({ method: "POST", url: `${base}/${p.id}/end`, body: { endDate: "2026-03-20" } });
    assert.equal(dated.json().endDate, "2026-03-20");
  });

  it("R-PRM-01 bad input is 400 naming the field and writes nothing", async () => {
    const before = (await rowsOf(t.deps, "promotions", sql`tenant_id = ${w.tenant.id}`)).length;
    const cases: Array<[object, string]> = [
      [body({ cycles: undefined }), "cycles"],
      [body({ kind: "recurring" }), "cycles"],
      [body({ basisPoints: undefined }), "basisPoints"],
      [body({ valueType: "monetary", basisPoints: undefined }), "amount"],
      [body({ endDate: "2026-02-01" }), "endDate"],
      [body({ productIds: ["prd_missing"] }), "productIds.0"],
      [body({ prerequisiteProductIds: [w.id("DBX-STD-MCMB"), "nope"] }), "prerequisiteProductIds.1"],
      [body({ terms: [] }), "terms"],
      [body({ basisPoints: 10001 }), "basisPoints"],
    ];
    for (const [payload, field] of cases) {
      const res = await call({ method: "POST", url: base, body: payload });
      assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
      assert.ok(res.body.includes(field), `${field}: ${res.body}`);
    }
    // Another tenant's product is refused like a made-up one.
    const other = await rowsOf<{ id: string }>(t.deps, "products", sql`tenant_id <> ${w.tenant.id}`);
    if (other[0]) {
      const res = await call({ method: "POST", url: base, body: body({ productIds: [other[0].id] }) });
      assert.equal(res.statusCode, 400, res.body);
    }
    assert.equal((await rowsOf(t.deps, "promotions", sql`tenant_id = ${w.tenant.id}`)).length, before);
  });

  it("security: every promotions endpoint — anonymous 401, viewer and Storefront cannot write, another tenant's id 404", async () => {
    const p = (await call({ method: "POST", url: base, body: body({ name: "Sec" }) })).json();
    const reads: Req[] = [
      { method: "GET", url: base },
      { method: "GET", url: `${base}/${p.id}` },
    ];
    const writes: Req[] = [
      { method: "POST", url: base, body: body() },
      { method: "PATCH", url: `${base}/${p.id}`, body: { name: "x" } },
      { method: "POST", url: `${base}/${p.id}/end`, body: {} },
    ];
    for (const req of [...reads, ...writes]) {
      assert.equal((await call(req, "anonymous")).statusCode, 401, `${req.method} ${req.url}`);
      assert.equal((await call(req, "sfA")).statusCode, 403, `${req.method} ${req.url} storefront`);
    }
    for (const req of reads) assert.equal((await call(req, "viewer")).statusCode, 200, req.url);
    for (const req of writes)
      assert.equal((await call(req, "viewer")).statusCode, 403, `${req.method} ${req.url}`);
    for (const req of [...reads.slice(1), ...writes.slice(1)])
      assert.equal((await call(req, "otherAdmin")).statusCode, 404, `${req.method} ${req.url} other tenant`);
    const list = (await call({ method: "GET", url: base }, "otherAdmin")).json();
    assert.ok(!list.items.some((x: { id: string }) => x.id === p.id));
  });

  it("R-PRM-01 a BSS order's preview and answer show the promotion and the promoted price; the subscription bills it", async () => {
    const created = await call({
      method: "POST",
      url: base,
      body: body({
        name: "EDU half",
        productIds: [w.id("DBX-STD-AC1M")],
        terms: ["AC1M"],
        kind: "recurring",
        cycles: undefined,
        basisPoints: 5000,
        endDate: null,
      }),
    });
    assert.equal(created.statusCode, 201, created.body);
    const order = { accountId: w.customerA1.id, lines: [line(w, "DBX-STD-AC1M", 3)] };
    const preview = await call({ method: "POST", url: "/api/bss/orders?dryRun=true", body: order });
    assert.equal(preview.statusCode, 200, preview.body);
    const [pl] = preview.json().order.lines;
    assert.equal(pl.promotion.name, "EDU half");
    assert.equal(pl.promotion.basisPoints, 5000);
    assert.equal(BigInt(pl.promotion.promotedUnitPrice.minor) * 2n, BigInt(pl.unitPrice.minor));
    const placed = await call({ method: "POST", url: "/api/bss/orders", body: order });
    assert.ok([200, 201].includes(placed.statusCode), placed.body);
    const [ol] = placed.json().lines;
    assert.equal(ol.promotion?.id, created.json().id);
    const charges = await rowsOf<{ amount: string; promotion_name: string }>(
      t.deps,
      "billing_charges",
      sql`subscription_id = ${ol.subscriptionId}`,
    );
    assert.equal(charges.length, 1);
    assert.equal(charges[0]!.promotion_name, "EDU half");
    // Installment 1 of 12 of 3 × the promoted annual price.
    assert.equal(BigInt(charges[0]!.amount), (BigInt(pl.promotion.promotedUnitPrice.minor) * 3n) / 12n);
    // Later edits do not change the order's (the subscription's) snapshot.
    await call({ method: "PATCH", url: `${base}/${created.json().id}`, body: { name: "Renamed" } });
    const again = await call({ method: "GET", url: `/api/bss/orders/${placed.json().id}` });
    assert.equal(again.json().lines[0].promotion.name, "EDU half");
  });
});
