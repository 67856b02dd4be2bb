import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import { line, type OrderWorld, orderWorld, rowsOf, signInOrderWorld } from "../../../test/order-fixtures.ts";
import { type Credential, send } from "../../../test/tenancy-fixtures.ts";

interface AddonJson {
  sku: string;
  quantity: number;
  requestedQuantity: number | null;
  quantityNote: { code: string; message: string } | null;
}

/**
 * Issue 13.5 — no silent quantity change in orders (R-SGN-02, R-SGN-04): a BSS order line's
 * add-on below its own minimum is a pre-check violation; one the BSS sets to the line's quantity
 * says so on the line (the quantity asked and the rule).
 */
describe("order add-on quantities (HTTP)", () => {
  let t: TestApp;
  let w: OrderWorld;
  let as: Awaited<ReturnType<typeof signInOrderWorld>>;
  before(async () => {
    t = await createTestApp();
    w = await orderWorld(t.deps);
    as = await signInOrderWorld(t.app, w);
  });
  after(() => t.close());

  const post = (cred: Credential, url: string, body: unknown) =>
    send(t.app, { method: "POST", url, body }, cred);
  const orders = async () => (await rowsOf(t.deps, "orders", undefined)).length;

  it("R-SGN-02 a BSS order with a Template Pack 15 add-on of 4 on Premium × 5 is refused on the add-on's quantity", async () => {
    const body = {
      accountId: w.customerA1.id,
      lines: [line(w, "DBXS-PRE-MCMB", 5, { addons: [{ sku: "DBXS-TP15-MCMB", quantity: 4 }] })],
    };
    const before = await orders();
    const preview = await post(as.clerk, "/api/bss/orders?dryRun=true", body);
    assert.equal(preview.statusCode, 200, preview.body);
    assert.deepEqual(
      preview.json().violations.map((v: { code: string; field: string }) => `${v.code} ${v.field}`),
      ["R-SGN-02 addons.0.quantity"],
    );
    const commit = await post(as.clerk, "/api/bss/orders", body);
    assert.equal(commit.statusCode, 422, commit.body);
    assert.equal(commit.json().error.code, "R-SGN-02");
    assert.equal(await orders(), before, "nothing written");
  });

  it("R-SGN-04 a BSS order's add-on asked with 5 on a line of 7 gets 7, and the line says so", async () => {
    const body = {
      accountId: w.customerA1.id,
      lines: [line(w, "DBXS-PRE-MCMB", 7, { addons: [{ sku: "DBXS-SP-MCMB", quantity: 5 }] })],
    };
    const preview = await post(as.clerk, "/api/bss/orders?dryRun=true", body);
    assert.equal(preview.statusCode, 200, preview.body);
    const p = preview.json();
    assert.deepEqual(p.violations, []);
    const addon = p.order.lines[0].addons[0] as AddonJson;
    assert.deepEqual([addon.quantity, addon.requestedQuantity, addon.quantityNote?.code], [7, 5, "R-SGN-04"]);
    assert.match(addon.quantityNote?.message ?? "", /5.*7/);
    const commit = await post(as.clerk, "/api/bss/orders", body);
    assert.equal(commit.statusCode, 201, commit.body);
    const placed = commit.json().order ?? commit.json();
    assert.deepEqual(
      [placed.lines[0].addons[0].quantity, placed.lines[0].addons[0].requestedQuantity],
      [7, 5],
      "the order keeps what was asked",
    );
    const asked = await post(as.clerk, "/api/bss/orders?dryRun=true", {
      accountId: w.customerA1.id,
      lines: [line(w, "DBXS-PRE-MCMB", 7, { addons: [{ sku: "DBXS-SP-MCMB" }] })],
    });
    const plain = asked.json().order.lines[0].addons[0] as AddonJson;
    assert.deepEqual([plain.quantity, plain.requestedQuantity, plain.quantityNote], [7, null, null]);
  });

  it("R-SGN-02 the Storefront basket refuses it too (with R-SGN-04's mismatch)", async () => {
    const res = await post(
      as.sfA3,
      "/api/storefront/basket/lines",
      line(w, "DBXS-PRE-MCMB", 5, {
        addons: [{ sku: "DBXS-TP15-MCMB", quantity: 4 }],
      }),
    );
    assert.ok(res.statusCode < 500, res.body);
    const text = res.body;
    assert.match(text, /R-SGN-02/);
    assert.match(text, /R-SGN-04/);
  });

  it("security: BSS orders need a clerk (403 viewer, 401 anonymous); another tenant's customer is not found", async () => {
    const body = {
      accountId: w.customerA1.id,
      lines: [line(w, "DBXS-PRE-MCMB", 7, { addons: [{ sku: "DBXS-SP-MCMB", quantity: 5 }] })],
    };
    assert.equal((await post(as.viewer, "/api/bss/orders?dryRun=true", body)).statusCode, 403);
    assert.equal((await post({}, "/api/bss/orders?dryRun=true", body)).statusCode, 401);
    assert.equal((await post(as.otherAdmin, "/api/bss/orders?dryRun=true", body)).statusCode, 404);
  });
});
