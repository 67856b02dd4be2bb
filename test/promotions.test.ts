import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PDFParse } from "pdf-parse";
import { findDocument } from "../src/modules/billing/billing.repo.ts";
import { loadDocumentDetails, renderDocumentPdf } from "../src/modules/billing/index.ts";
import { endPromotion, updatePromotion } from "../src/modules/catalog/index.ts";
import { queryOne, sql } from "../src/shared/db.ts";
import { advanceTo } from "./billing-fixtures.ts";
import { createTestContext, type TestContext } from "./harness.ts";
import { orderSubscription, promotedCharges, promotion } from "./promotion-fixtures.ts";
import { createCustomer, setupSubscriptionWorld } from "./subscription-fixtures.ts";

/**
 * Which promotion a new subscription gets and what it bills (R-PRM-01, R-PRM-02, D12). Each test
 * uses its own product of the installed catalogue or its own customers, so promotions of one test
 * never reach another's subscriptions. DBX-STD-MCMB: 15.00 per licence and month.
 */
describe("promotions: choice and billing", () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof setupSubscriptionWorld>>;
  before(async () => {
    t = await createTestContext({ start: "2026-03-10T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
  });
  after(() => t.close());
  const amounts = async (id: string) => (await promotedCharges(t.deps, id)).map((c) => c.amount);

  it("R-PRM-01 a Monetary One Time promotion discounts the first cycle only", async () => {
    const product = await w.product("DBX-STD-AC1M"); // annual price, 12 installments
    await promotion(t.deps, w.tenant.id, {
      productIds: [product.id],
      kind: "one_time",
      valueType: "monetary",
      amount: "12.00",
      currency: product.currency,
      startDate: "2026-03-10",
      endDate: "2026-03-10",
    });
    const sub = await orderSubscription(t.deps, w, { sku: "DBX-STD-AC1M", quantity: 2, unitPrice: 12000n });
    assert.equal((sub.promotion as { kind: string }).kind, "one_time");
    await advanceTo(t.deps, "2026-05-11");
    const charges = await promotedCharges(t.deps, sub.id);
    // Installment 1: 2 × (120.00 − 12.00) ÷ 12 = 18.00; then 2 × 120.00 ÷ 12 = 20.00.
    assert.deepEqual(
      charges.map((c) => c.amount),
      ["1800", "2000", "2000"],
    );
    assert.match(charges[0]!.explanation, /2 × \(120\.00 − 12\.00 promotion ".+" = 108\.00\) ÷ 12/);
  });

  it("R-PRM-01 new customers only: a customer's second order gets no promotion (same day's run bills both)", async () => {
    const product = await w.product("DBX-EDU-MCMB");
    const promo = await promotion(t.deps, w.tenant.id, {
      productIds: [product.id],
      newCustomersOnly: true,
      kind: "recurring",
      basisPoints: 5000,
      startDate: "2026-01-01",
    });
    const fresh = await createCustomer(t.deps, w);
    const first = await orderSubscription(t.deps, w, {
      sku: "DBX-EDU-MCMB",
      quantity: 4,
      accountId: fresh.id,
    });
    const second = await orderSubscription(t.deps, w, {
      sku: "DBX-EDU-MCMB",
      quantity: 4,
      accountId: fresh.id,
    });
    assert.equal(first.promotionId, promo.id);
    assert.equal(second.promotionId, null);
    await advanceTo(t.deps, "2026-06-11");
    const full = BigInt(product.listPrice) * 4n;
    const half = (full * 5000n * 2n + 10_000n) / 20_000n;
    assert.ok((await amounts(first.id)).every((a) => a === half.toString()));
    assert.ok((await amounts(second.id)).every((a) => a === full.toString()));
  });

  it("R-PRM-01 prerequisite products: only a customer holding an active subscription of one gets it", async () => {
    const product = await w.product("DBX-ASV-MCMB");
    const required = await w.product("DBX-1TB-MCMB");
    const promo = await promotion(t.deps, w.tenant.id, {
      productIds: [product.id],
      prerequisiteProductIds: [required.id],
      basisPoints: 1000,
      startDate: "2026-01-01",
    });
    const without = await createCustomer(t.deps, w);
    const holder = await createCustomer(t.deps, w);
    await orderSubscription(t.deps, w, { sku: "DBX-1TB-MCMB", quantity: 1, accountId: holder.id });
    assert.equal(
      (await orderSubscription(t.deps, w, { sku: "DBX-ASV-MCMB", quantity: 1, accountId: without.id }))
        .promotionId,
      null,
    );
    assert.equal(
      (await orderSubscription(t.deps, w, { sku: "DBX-ASV-MCMB", quantity: 1, accountId: holder.id }))
        .promotionId,
      promo.id,
    );
  });

  it("R-PRM-02 D12 promotions do not stack: of two active ones the lowest price applies", async () => {
    const product = await w.product("DBX-ASV-10TB-MCMB");
    const unit = 2000n; // 20.00: 20 % → 16.00; 5.00 off → 15.00 (wins); 10 % → 18.00
    await promotion(t.deps, w.tenant.id, {
      productIds: [product.id],
      basisPoints: 2000,
      startDate: "2026-01-01",
    });
    const best = await promotion(t.deps, w.tenant.id, {
      productIds: [product.id],
      valueType: "monetary",
      amount: "5.00",
      currency: product.currency,
      startDate: "2026-01-01",
    });
    await promotion(t.deps, w.tenant.id, {
      productIds: [product.id],
      basisPoints: 1000,
      startDate: "2026-01-01",
    });
    const sub = await orderSubscription(t.deps, w, {
      sku: "DBX-ASV-10TB-MCMB",
      quantity: 3,
      unitPrice: unit,
    });
    assert.equal(sub.promotionId, best.id);
    assert.deepEqual(
      (await promotedCharges(t.deps, sub.id)).slice(0, 1).map((c) => c.amount),
      ["4500"],
    );
  });

  it("R-PRM-02 a promotion never makes a line negative: a monetary amount above the price bills 0.00", async () => {
    const product = await w.product("DBX-ASV-50TB-MCMB");
    await promotion(t.deps, w.tenant.id, {
      productIds: [product.id],
      kind: "one_time",
      valueType: "monetary",
      amount: "999.00",
      currency: product.currency,
      startDate: "2026-01-01",
    });
    const sub = await orderSubscription(t.deps, w, {
      sku: "DBX-ASV-50TB-MCMB",
      quantity: 2,
      unitPrice: 1500n,
    });
    const [first] = await promotedCharges(t.deps, sub.id);
    assert.equal(first!.amount, "0");
    assert.match(first!.explanation, /15\.00 − 999\.00 promotion ".+" = 0\.00/);
  });

  it("R-PRM-01 ineligible term and other currency: no promotion", async () => {
    const product = await w.product("DBX-STD-AC1Y");
    await promotion(t.deps, w.tenant.id, {
      productIds: [product.id],
      terms: ["MCMB"],
      startDate: "2026-01-01",
    });
    await promotion(t.deps, w.tenant.id, {
      productIds: [product.id],
      valueType: "monetary",
      amount: "1.00",
      currency: product.currency === "USD" ? "EUR" : "USD",
      startDate: "2026-01-01",
    });
    assert.equal(
      (await orderSubscription(t.deps, w, { sku: "DBX-STD-AC1Y", quantity: 1 })).promotionId,
      null,
    );
  });

  it("R-PRM-01 ending a promotion: later orders do not get it, running subscriptions keep their cycles; edits change no running subscription", async () => {
    const product = await w.product("DBXS-STD-MCMB");
    const promo = await promotion(t.deps, w.tenant.id, {
      productIds: [product.id],
      kind: "limited_recurring",
      cycles: 2,
      basisPoints: 5000,
      startDate: "2026-01-01",
    });
    const today = t.deps.clock.today("UTC").toString();
    const running = await orderSubscription(t.deps, w, {
      sku: "DBXS-STD-MCMB",
      quantity: 1,
      unitPrice: 1000n,
    });
    assert.equal(running.promotionId, promo.id);
    // Edited after the order: the running subscription keeps 50 % for 2 cycles.
    await updatePromotion(t.deps, { tenantId: w.tenant.id }, promo.id, { basisPoints: 100, cycles: 5 });
    const ended = await endPromotion(t.deps, { tenantId: w.tenant.id }, promo.id, {});
    assert.ok(ended.endDate! < today);
    assert.equal(ended.status, "ended");
    const later = await orderSubscription(t.deps, w, { sku: "DBXS-STD-MCMB", quantity: 1, unitPrice: 1000n });
    assert.equal(later.promotionId, null);
    await advanceTo(t.deps, "2026-10-11");
    const billed = await amounts(running.id);
    assert.deepEqual(billed.slice(0, 3), ["500", "500", "1000"]);
    assert.ok((await amounts(later.id)).every((a) => a === "1000"));
  });
  it('R-PRM-01 R-DOC-02 the PDF prints the promotion\'s minus and arithmetic (no "?" for −, ≈)', async () => {
    const product = await w.product("DBX-STD-MCMB");
    await promotion(t.deps, w.tenant.id, {
      productIds: [product.id],
      kind: "recurring",
      basisPoints: 2000,
      startDate: "2026-01-01",
      name: "Spring 20",
    });
    const sub = await orderSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 3, unitPrice: 1000n });
    await advanceTo(t.deps, "2026-10-12");
    const row = await queryOne<{ document_id: string }>(
      t.deps.db,
      sql`select document_id from billing_charges where subscription_id = ${sub.id} and document_id is not null
          order by created_at limit 1`,
    );
    assert.ok(row, "the order's invoice");
    const document = await findDocument(t.deps.db, w.tenant.id, row.document_id);
    const pdf = await renderDocumentPdf(await loadDocumentDetails(t.deps, t.deps.db, document!));
    const text = (await new PDFParse({ data: new Uint8Array(pdf) }).getText()).text.replace(/\s+/g, " ");
    assert.match(text, /Spring 20 -20 %/, text);
    assert.match(text, /10\.00 - 20 % promotion "Spring 20" = 8\.00/, text);
    assert.doesNotMatch(text, /\?/, "no character was dropped");
  });
});
