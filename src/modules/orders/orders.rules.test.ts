import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AC1M_BILLING_MESSAGE } from "../../service-managers/dropbox/dropbox.policies.ts";
import { buildDropboxServicesDefinition } from "../../service-managers/dropbox/index.ts";
import {
  addonQuantity,
  defaultBillingPlan,
  precheckLines,
  type RuleContext,
  type RuleLine,
  type RuleProduct,
  statusAfterSubmission,
  submissionStatus,
} from "./orders.rules.ts";
import { orderStates } from "./orders.states.ts";

/** Table tests of the pure pre-check, on the real Dropbox + Sign definition (no database). */

const definition = buildDropboxServicesDefinition();
const products = new Map<string, RuleProduct>();
for (const type of definition.productTypes)
  for (const p of type.products)
    products.set(p.sku, {
      id: p.sku,
      sku: p.sku,
      name: p.name,
      kind: p.kind,
      term: p.term,
      isTrial: p.trial !== undefined,
      minQuantity: p.minQuantity,
      maxQuantity: p.maxQuantity ?? null,
      status: "active",
      productType: { code: type.code },
      effectivePolicies: type.policies,
    });
const P = (sku: string) => {
  const p = products.get(sku);
  if (!p) throw new Error(`no ${sku}`);
  return p;
};

let n = 0;
function L(
  sku: string,
  quantity: number,
  over: Partial<Omit<RuleLine, "addons">> & { addons?: [string, number][] } = {},
): RuleLine {
  const product = P(sku);
  const { addons, ...rest } = over;
  return {
    lineId: `oln_${++n}`,
    product,
    quantity,
    billingPlan: defaultBillingPlan(product),
    addons: (addons ?? []).map(([s, q]) => ({ product: P(s), quantity: q })),
    serviceDetails: { resellerId: "R-1", adminEmail: `admin${n}@x.test` },
    ...rest,
  };
}
const BSS: RuleContext = { channel: "bss", firstOrder: true };
const SF: RuleContext = { channel: "storefront", firstOrder: true };
const codes = (lines: RuleLine[], ctx: RuleContext = BSS) =>
  precheckLines(lines, ctx).map((v) => `${v.code} ${v.field}`);

describe("order pre-check rules (pure)", () => {
  it("R-ORD-01 a Dropbox plan needs at least its included licences; the message names the minimum", () => {
    const cases: [string, number, string[]][] = [
      ["DBX-STD-MCMB", 2, ["R-ORD-01 quantity"]],
      ["DBX-STD-MCMB", 3, []],
      ["DBX-EDU-MCMB", 299, ["R-ORD-01 quantity"]],
      ["DBX-EDU-MCMB", 300, []],
    ];
    for (const [sku, q, expected] of cases) assert.deepEqual(codes([L(sku, q)]), expected, `${sku} × ${q}`);
    const [v] = precheckLines([L("DBX-EDU-MCMB", 10)], BSS);
    assert.equal(v!.message, "This Dropbox plan includes 300 licensed users; order at least 300.");
    assert.equal(v!.line, 0);
  });

  it("R-SGN-01 Sign Standard needs 2 seats, Premium 5", () => {
    assert.deepEqual(codes([L("DBXS-STD-MCMB", 1)]), ["R-SGN-01 quantity"]);
    assert.deepEqual(codes([L("DBXS-STD-MCMB", 2)]), []);
    assert.deepEqual(codes([L("DBXS-PRE-AC1Y", 4)]), ["R-SGN-01 quantity"]);
    assert.match(precheckLines([L("DBXS-PRE-AC1Y", 4)], BSS)[0]!.message, /at least 5 seats/);
  });

  it("R-ORD-05 AC1M needs the monthly plan, with the vendor's exact text; AC1Y is one-off only", () => {
    const [v] = precheckLines([L("DBX-STD-AC1M", 3, { billingPlan: "one_off" })], BSS);
    assert.equal(v!.code, "R-ORD-05");
    assert.equal(v!.field, "billingPlan");
    assert.equal(
      v!.message,
      "This product supports only the AC1M billing option. For AC1Y, please choose the corresponding “Annual Commitment, Billed Annually” product.",
    );
    assert.equal(v!.message, AC1M_BILLING_MESSAGE);
    assert.deepEqual(codes([L("DBX-STD-AC1M", 3, { billingPlan: "monthly" })]), []);
    assert.deepEqual(codes([L("DBX-STD-AC1Y", 3, { billingPlan: "monthly" })]), ["R-ORD-05 billingPlan"]);
    assert.equal(defaultBillingPlan(P("DBX-STD-AC1Y")), "one_off");
    assert.equal(defaultBillingPlan(P("DBX-STD-AC1M")), "monthly");
  });

  it("R-ORD-03 Advanced Server holds at most one storage add-on", () => {
    assert.deepEqual(
      codes([
        L("DBX-ASV-MCMB", 3, {
          addons: [
            ["DBX-ASV-10TB-MCMB", 1],
            ["DBX-ASV-50TB-MCMB", 1],
          ],
        }),
      ]),
      ["R-ORD-03 addons"],
    );
    assert.deepEqual(codes([L("DBX-ASV-MCMB", 3, { addons: [["DBX-ASV-50TB-MCMB", 1]] })]), []);
  });

  it("R-ORD-04 a Dropbox add-on comes in its fixed quantity (1); any other is refused, in both channels", () => {
    for (const ctx of [BSS, SF]) {
      const out = precheckLines([L("DBX-STD-MCMB", 5, { addons: [["DBX-1TB-MCMB", 2]] })], ctx);
      assert.deepEqual(
        out.map((v) => [v.code, v.field]),
        [["R-ORD-04", "addons.0.quantity"]],
      );
      assert.match(out[0]!.message, /fixed quantity of 1/);
    }
    assert.equal(addonQuantity(P("DBX-STD-MCMB"), P("DBX-1TB-MCMB"), "bss", 7, undefined), 1);
  });

  it("R-SGN-02 SFDC, CPQ and Template Pack 15 need 5 seats; SharePoint does not", () => {
    assert.deepEqual(codes([L("DBXS-STD-MCMB", 3, { addons: [["DBXS-TP15-MCMB", 3]] })]), [
      "R-SGN-02 addons",
    ]);
    assert.deepEqual(codes([L("DBXS-STD-MCMB", 3, { addons: [["DBXS-SP-MCMB", 3]] })]), []);
    assert.deepEqual(codes([L("DBXS-STD-MCMB", 5, { addons: [["DBXS-SFDC-MCMB", 5]] })]), []);
  });

  it("R-SGN-03 SFDC and SFDC CPQ never together", () => {
    assert.deepEqual(
      codes([
        L("DBXS-PRE-MCMB", 5, {
          addons: [
            ["DBXS-SFDC-MCMB", 5],
            ["DBXS-CPQ-MCMB", 5],
          ],
        }),
      ]),
      ["R-SGN-03 addons"],
    );
  });

  it("R-SGN-04 Storefront refuses an add-on quantity other than the plan's; the BSS raises it with the plan", () => {
    const mismatch = () => L("DBXS-PRE-MCMB", 6, { addons: [["DBXS-SP-MCMB", 2]] });
    assert.deepEqual(codes([mismatch()], SF), ["R-SGN-04 addons"]);
    assert.deepEqual(codes([mismatch()], BSS), []);
    // How a line gets its add-on quantities: BSS always the plan's; Storefront what was asked.
    assert.equal(addonQuantity(P("DBXS-PRE-MCMB"), P("DBXS-SP-MCMB"), "bss", 6, 2), 6);
    assert.equal(addonQuantity(P("DBXS-PRE-MCMB"), P("DBXS-SP-MCMB"), "storefront", 6, 2), 2);
    assert.equal(addonQuantity(P("DBXS-PRE-MCMB"), P("DBXS-SP-MCMB"), "storefront", 6, undefined), 6);
  });

  it("R-ORD-06 Reseller ID is required on a customer's first order only; R-ORD-02 the Dropbox team admin Email on every plan; a bad email is named", () => {
    const bare = () => L("DBX-STD-MCMB", 3, { serviceDetails: {} });
    assert.deepEqual(codes([bare()], { channel: "storefront", firstOrder: true }), [
      "R-ORD-06 serviceDetails.resellerId",
      "R-ORD-02 serviceDetails.adminEmail",
    ]);
    // Not the first order: the Reseller ID is no longer asked, the team admin email still is.
    assert.deepEqual(codes([bare()], { channel: "storefront", firstOrder: false }), [
      "R-ORD-02 serviceDetails.adminEmail",
    ]);
    const [v, e] = precheckLines([bare()], SF);
    assert.equal(v!.message, "Reseller ID is required for a new customer's first order.");
    assert.match(e!.message, /^Email \(team admin\) is required for every Dropbox plan/);
    assert.deepEqual(
      codes([L("DBX-STD-MCMB", 3, { serviceDetails: { resellerId: "R", adminEmail: "nope" } })]),
      ["R-ORD-02 serviceDetails.adminEmail"],
    );
    // Sign plans have no team key: both details stay first-order-only (R-ORD-06).
    const bareSign = () => L("DBXS-STD-MCMB", 2, { serviceDetails: {} });
    assert.deepEqual(codes([bareSign()], { channel: "storefront", firstOrder: true }), [
      "R-ORD-06 serviceDetails.resellerId",
      "R-ORD-06 serviceDetails.adminEmail",
    ]);
    assert.deepEqual(codes([bareSign()], { channel: "storefront", firstOrder: false }), []);
  });

  it("R-ORD-02 one Dropbox plan per admin email: a second line of the order, or a live plan, is refused; Sign is not limited", () => {
    const email = { resellerId: "R", adminEmail: "Same@Team.test" };
    const out = precheckLines(
      [
        L("DBX-STD-MCMB", 3, { serviceDetails: email }),
        L("DBX-ADV-AC1Y", 3, { serviceDetails: { ...email, adminEmail: "same@team.test" } }),
      ],
      BSS,
    );
    assert.deepEqual(
      out.map((v) => [v.code, v.line, v.field]),
      [["R-ORD-02", 1, "serviceDetails.adminEmail"]],
    );
    assert.match(out[0]!.message, /line 1 of this order/);
    assert.deepEqual(
      codes([
        L("DBXS-STD-MCMB", 2, { serviceDetails: email }),
        L("DBXS-PRE-MCMB", 5, { serviceDetails: email }),
      ]),
      [],
    );
    const taken = new Set(["dropbox:same@team.test"]);
    assert.deepEqual(codes([L("DBX-STD-MCMB", 3, { serviceDetails: email })], { ...BSS, takenKeys: taken }), [
      "R-ORD-02 serviceDetails.adminEmail",
    ]);
  });

  it("R-TRL-01 a trial is the plan at its minimum, without add-ons", () => {
    assert.deepEqual(codes([L("DBX-STD-MCMB-TRIAL", 3)]), []);
    assert.deepEqual(codes([L("DBX-STD-MCMB-TRIAL", 4)]), ["R-TRL-01 quantity"]);
    assert.deepEqual(codes([L("DBX-STD-MCMB-TRIAL", 2)]), ["R-TRL-01 quantity"], "not also R-ORD-01");
    assert.deepEqual(codes([L("DBXS-STD-MCMB-TRIAL", 2, { addons: [["DBXS-SP-MCMB", 2]] })]), [
      "R-TRL-01 addons",
    ]);
    // No AC1M trial exists in the catalogue; a custom one is refused all the same.
    const ac1mTrial: RuleProduct = { ...P("DBX-STD-AC1Y-TRIAL"), id: "custom", term: "AC1M" };
    const out = precheckLines(
      [{ ...L("DBX-STD-AC1Y-TRIAL", 3), product: ac1mTrial, billingPlan: "monthly" }],
      BSS,
    );
    assert.deepEqual(
      out.map((v) => `${v.code} ${v.field}`),
      ["R-TRL-01 productId"],
    );
  });

  it("R-CAT-07 only published plans and add-ons can be ordered in a Storefront; a retired product nowhere", () => {
    const line = L("DBX-ASV-MCMB", 3, { addons: [["DBX-ASV-10TB-MCMB", 1]] });
    const published = new Set(["DBX-ASV-MCMB"]);
    assert.deepEqual(codes([line], { ...SF, published }), ["R-CAT-07 addons.0.productId"]);
    assert.deepEqual(codes([line], { ...SF, published: new Set() }), [
      "R-CAT-07 productId",
      "R-CAT-07 addons.0.productId",
    ]);
    const retired = { ...line, product: { ...line.product, status: "retired" as const } };
    assert.deepEqual(codes([retired], BSS), ["R-CAT-01 productId"]);
  });

  it("every violation at once, each with its line and field", () => {
    const out = precheckLines(
      [
        L("DBX-STD-AC1M", 1, { billingPlan: "one_off", serviceDetails: {} }),
        L("DBXS-PRE-MCMB", 6, {
          addons: [
            ["DBXS-SFDC-MCMB", 6],
            ["DBXS-CPQ-MCMB", 1],
          ],
        }),
      ],
      SF,
    );
    assert.deepEqual(
      out.map((v) => `${v.line} ${v.code} ${v.field}`),
      [
        "0 R-ORD-01 quantity",
        "0 R-ORD-05 billingPlan",
        "0 R-ORD-06 serviceDetails.resellerId",
        "0 R-ORD-02 serviceDetails.adminEmail",
        "1 R-SGN-02 addons.1.quantity", // CPQ asked with 1, below its minimum of 5 (issue 13.5)
        "1 R-SGN-03 addons",
        "1 R-SGN-04 addons",
      ],
    );
  });

  it("R-ORD-09 who waits for approval: only an end customer's own Storefront order at a Standard reseller with approval on", () => {
    const table: [Parameters<typeof submissionStatus>[0], string][] = [
      [
        {
          channel: "storefront",
          placedByCustomer: true,
          customer: { kind: "end_customer", orderApproval: true },
          reseller: { edition: "standard" },
        },
        "pending_reseller_approval",
      ],
      [
        {
          channel: "storefront",
          placedByCustomer: true,
          customer: { kind: "end_customer", orderApproval: false },
          reseller: { edition: "standard" },
        },
        "submitted",
      ],
      [
        {
          channel: "storefront",
          placedByCustomer: true,
          customer: { kind: "end_customer", orderApproval: true },
          reseller: { edition: "basic" },
        },
        "submitted",
      ],
      [
        {
          channel: "storefront",
          placedByCustomer: false,
          customer: { kind: "end_customer", orderApproval: true },
          reseller: { edition: "standard" },
        },
        "submitted",
      ],
      [
        {
          channel: "storefront",
          placedByCustomer: true,
          customer: { kind: "reseller", orderApproval: true },
          reseller: null,
        },
        "submitted",
      ],
      [
        {
          channel: "bss",
          placedByCustomer: false,
          customer: { kind: "end_customer", orderApproval: true },
          reseller: { edition: "standard" },
        },
        "submitted",
      ],
      [
        {
          channel: "bss",
          placedByCustomer: false,
          customer: { kind: "direct_customer", orderApproval: true },
          reseller: null,
        },
        "submitted",
      ],
    ];
    for (const [input, expected] of table)
      assert.equal(submissionStatus(input), expected, JSON.stringify(input));
    assert.equal(statusAfterSubmission(true), "executed");
    assert.equal(statusAfterSubmission(false), "in_progress");
  });

  it("R-ORD-09 the transition table: every path, Executed and Canceled final", () => {
    const allowed = Object.entries(orderStates.transitions).flatMap(([from, tos]) =>
      tos.map((to) => `${from}→${to}`),
    );
    assert.deepEqual(allowed.sort(), [
      "draft→pending_reseller_approval",
      "draft→submitted",
      "in_progress→canceled",
      "in_progress→executed",
      "pending_reseller_approval→canceled",
      "pending_reseller_approval→submitted",
      "submitted→canceled",
      "submitted→executed",
      "submitted→in_progress",
    ]);
    assert.ok(orderStates.isFinal("executed") && orderStates.isFinal("canceled"));
    assert.throws(
      () => orderStates.assertTransition("executed", "canceled"),
      /cannot go from executed to canceled/,
    );
  });
});
