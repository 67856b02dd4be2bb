import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import { line, type OrderWorld, orderWorld, signInOrderWorld } from "../../../test/order-fixtures.ts";
import { type Credential, type Req, send } from "../../../test/tenancy-fixtures.ts";
import { sql } from "../../shared/db.ts";
import { createCreditNote, issueCreditNote } from "../billing/index.ts";
import { placeBssOrder } from "./index.ts";

/**
 * Issue 16.5, the complete customer area: the Storefront's documents without the back office's
 * bookkeeping fields, R-DSH-04 prices that are the number the previews charge, and the
 * subscription view saying which *I want to…* actions can succeed (R-DSH-06) and why not.
 */
describe("Storefront customer area HTTP (issue 16)", () => {
  let t: TestApp;
  let w: OrderWorld;
  let as: Awaited<ReturnType<typeof signInOrderWorld>>;
  let ownSub: string; // A3 bought DBX-STD-MCMB itself in the Storefront
  let bssSub: string; // the distributor's staff ordered DBX-STD-AC1Y for A3 in the back office
  let behalfSub: string; // reseller A ordered it for A3 in its Storefront
  let trialSub: string; // DBX-STD-MCMB-TRIAL: upgradable to its published paid twin
  let invoiceId: string;
  let creditNoteId: string;
  const call = (req: Req, who: Credential) => send(t.app, req, who);
  const get = (url: string, who: Credential) => call({ method: "GET", url }, who);

  async function order(who: Credential, body: object, checkout: object = {}): Promise<string> {
    const added = await call({ method: "POST", url: "/api/storefront/basket/lines", body }, who);
    assert.equal(added.statusCode, 201, added.body);
    const res = await call({ method: "POST", url: "/api/storefront/basket/checkout", body: checkout }, who);
    assert.equal(res.statusCode, 201, res.body);
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
    trialSub = await order(as.sfA3, line(w, "DBX-STD-MCMB-TRIAL", 3));
    const placed = await placeBssOrder(t.deps, w.actors.clerk, {
      accountId: w.customerA3.id,
      lines: [line(w, "DBX-STD-AC1Y", 5)],
    });
    bssSub = placed.order.lines[0]!.subscriptionId!;
    // No vendor runs here: the subscriptions are made synchronized as the vendor's answer would.
    await t.deps.db.execute(
      sql`update subscriptions set sync_status = 'synchronized', external_id = 'team-' || id where tenant_id = ${w.tenant.id}`,
    );
    const docs = await get("/api/bss/documents?kind=invoice&sort=issueDate", as.clerk);
    invoiceId = docs.json().items.find((d: { accountId: string }) => d.accountId === w.customerA3.id).id;
    const draft = await createCreditNote(
      t.deps,
      w.actors.clerk,
      { invoiceId, reason: "Goodwill", whole: true },
      { dryRun: false },
    );
    creditNoteId = (
      await issueCreditNote(
        t.deps,
        w.actors.clerk,
        { creditNoteId: draft.details.document.id },
        { dryRun: false },
      )
    ).details.document.id;
  });
  after(() => t.close());

  it("the Storefront's documents (list and detail) carry no internal fields; the back office's still do", async () => {
    const list = await get("/api/storefront/documents", as.sfA3);
    assert.equal(list.statusCode, 200, list.body);
    const items = list.json().items as Array<Record<string, unknown>>;
    assert.deepEqual(new Set(items.map((d) => d.kind)), new Set(["invoice", "credit_note"]));
    for (const d of items) {
      for (const field of ["createdBy", "source", "runId"])
        assert.ok(!(field in d), `no ${field} in the list`);
    }
    const detail = await get(`/api/storefront/documents/${creditNoteId}`, as.sfA3);
    assert.equal(detail.statusCode, 200, detail.body);
    const body = detail.json();
    for (const field of ["createdBy", "source", "runId"]) assert.ok(!(field in body), `no ${field}`);
    assert.ok(body.lines.length > 0);
    for (const l of body.lines) assert.ok(!("source" in l), "no source on a line");
    assert.equal(body.reason, "Goodwill", "what the buyer should know stays");

    const bss = (await get(`/api/bss/documents/${creditNoteId}`, as.clerk)).json();
    assert.ok("createdBy" in bss && "source" in bss, "the back office keeps them");
    assert.ok("source" in bss.lines[0]);
  });

  it("documents filter by kind and payment status; a customer's documents are not another customer's", async () => {
    const credits = (await get("/api/storefront/documents?kind=credit_note", as.sfA3)).json();
    assert.deepEqual(
      credits.items.map((d: { id: string }) => d.id),
      [creditNoteId],
    );
    const paid = (await get("/api/storefront/documents?kind=invoice&paymentStatus=paid", as.sfA3)).json();
    assert.ok(
      paid.items.some((d: { id: string }) => d.id === invoiceId),
      "the credit note settles the invoice",
    );
    // Security: a sibling customer sees neither; the reseller sees its customer's (subtree).
    assert.equal((await get(`/api/storefront/documents/${creditNoteId}`, as.sfA2)).statusCode, 404);
    assert.equal((await get(`/api/storefront/documents/${creditNoteId}/pdf`, as.sfA2)).statusCode, 404);
    const reseller = (await get(`/api/storefront/documents?accountId=${w.customerA3.id}`, as.sfA)).json();
    const named = reseller.items.find((d: { id: string }) => d.id === creditNoteId);
    assert.ok(named, "the reseller sees its customer's documents (subtree)");
    assert.equal(named.accountName, w.customerA3.name, "with the customer named");
    assert.equal((await get("/api/storefront/documents?paymentStatus=bogus", as.sfA3)).statusCode, 400);
  });

  it("R-DSH-04 the list's unit price is the subscription's, the number the Buy Licenses preview charges", async () => {
    const list = (await get("/api/storefront/dashboard/subscriptions", as.sfA3)).json();
    const row = (id: string) => list.items.find((i: { id: string }) => i.id === id);
    for (const id of [ownSub, bssSub]) {
      const r = row(id);
      assert.equal(r.priceVisible, true, "published product, not bought by the reseller: shown");
      const preview = await call(
        {
          method: "POST",
          url: `/api/storefront/subscriptions/${id}/quantity?dryRun=true`,
          body: { quantity: r.quantity + 1 },
        },
        as.sfA3,
      );
      assert.equal(preview.statusCode, 200, preview.body);
      assert.deepEqual(preview.json().violations, []);
      const charged = preview.json().billing.lines[0];
      assert.deepEqual(charged.unitPrice, r.unitPrice, "the list and the preview show the same unit price");
      const detail = (await get(`/api/storefront/dashboard/subscriptions/${id}`, as.sfA3)).json();
      assert.deepEqual(detail.unitPrice, r.unitPrice, "and so does the detail");
    }
    assert.equal(row(behalfSub).unitPrice, null, "R-DSH-04: bought by the reseller directly → '-'");
    const forReseller = (await get(`/api/storefront/dashboard/subscriptions/${behalfSub}`, as.sfA)).json();
    assert.ok(forReseller.unitPrice, "the reseller that bought it sees its price");
  });

  it("R-DSH-06 the subscription tells which actions can succeed, and why not", async () => {
    const actionsOf = async (id: string) => {
      const res = await get(`/api/storefront/dashboard/subscriptions/${id}`, as.sfA3);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().actions;
    };
    const own = await actionsOf(ownSub);
    assert.deepEqual(own.buyLicences, { offered: true, available: true, reason: null });
    assert.equal(own.upgrade.offered, false, "no upgrade of Dropbox Standard is published in this store");
    assert.equal(own.upgrade.targets, 0);
    assert.equal(own.upgrade.reason.code, "R-UPG-01");
    assert.equal(own.cancelAddon.offered, false, "no add-ons");
    assert.equal(own.cancel.available, true);
    const upgrade = await call(
      {
        method: "POST",
        url: `/api/storefront/subscriptions/${ownSub}/upgrade?dryRun=true`,
        body: { targetProductId: w.id("DBX-BUS-MCMB") },
      },
      as.sfA3,
    );
    assert.ok(upgrade.json().violations.length > 0, "the server refuses what the menu hides");

    const trial = await actionsOf(trialSub);
    assert.equal(trial.upgrade.offered, true);
    assert.equal(trial.upgrade.available, true);
    assert.ok(trial.upgrade.targets >= 1);

    await t.deps.db.execute(
      sql`update subscriptions set sync_status = 'failed', sync_error = 'vendor down' where id = ${ownSub}`,
    );
    const failed = await actionsOf(ownSub);
    assert.equal(failed.buyLicences.available, false);
    assert.equal(failed.buyLicences.reason.code, "R-QTY-03");
    assert.match(failed.buyLicences.reason.message, /vendor down/);
    const refused = await call(
      {
        method: "POST",
        url: `/api/storefront/subscriptions/${ownSub}/quantity?dryRun=true`,
        body: { quantity: 5 },
      },
      as.sfA3,
    );
    assert.equal(
      refused.json().violations[0].code,
      failed.buyLicences.reason.code,
      "the same rule as the command",
    );
    await t.deps.db.execute(
      sql`update subscriptions set status = 'canceled', canceled_at = now() where id = ${ownSub}`,
    );
    const canceled = await actionsOf(ownSub);
    for (const k of ["buyLicences", "cancel"]) {
      assert.equal(canceled[k].available, false);
      assert.equal(canceled[k].reason.code, "R-CAN-04");
    }
    // Security: another customer's subscription is not found (nor its actions).
    assert.equal((await get(`/api/storefront/dashboard/subscriptions/${ownSub}`, as.sfA2)).statusCode, 404);
  });

  it("product cards carry the features that tell Standard, Business and Advanced apart; the BSS edits them", async () => {
    const { store } = (await get("/api/storefront/catalog", as.sfA3)).json();
    const std = store.products.find((p: { sku: string }) => p.sku === "DBX-STD-MCMB");
    assert.ok(std.features.length >= 3, "features from the Dropbox services definition");
    assert.ok(std.features.some((f: string) => /5 TB/.test(f)));
    const bus = (await get(`/api/bss/catalog/products/${w.id("DBX-BUS-MCMB")}`, as.clerk)).json();
    assert.ok(
      bus.features.some((f: string) => /9 TB/.test(f)),
      "Business differs from Standard",
    );
    assert.notDeepEqual(bus.features, std.features);

    const edited = await call(
      {
        method: "PATCH",
        url: `/api/bss/catalog/products/${w.id("DBX-STD-MCMB")}`,
        body: { features: ["5 TB of storage", "Priority support"] },
      },
      as.admin,
    );
    assert.equal(edited.statusCode, 200, edited.body);
    assert.deepEqual(edited.json().features, ["5 TB of storage", "Priority support"]);
    const after = (await get("/api/storefront/catalog", as.sfA3)).json().store;
    assert.deepEqual(after.products.find((p: { sku: string }) => p.sku === "DBX-STD-MCMB").features, [
      "5 TB of storage",
      "Priority support",
    ]);
    const bad = await call(
      {
        method: "PATCH",
        url: `/api/bss/catalog/products/${w.id("DBX-STD-MCMB")}`,
        body: { features: ["x".repeat(201)] },
      },
      as.admin,
    );
    assert.equal(bad.statusCode, 400, bad.body);
    const viewer = await call(
      { method: "PATCH", url: `/api/bss/catalog/products/${w.id("DBX-STD-MCMB")}`, body: { features: [] } },
      as.viewer,
    );
    assert.equal(viewer.statusCode, 403, "a viewer cannot edit a product");
  });
});
