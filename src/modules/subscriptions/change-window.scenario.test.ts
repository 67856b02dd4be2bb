import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  signInWorld,
} from "../../../test/subscription-fixtures.ts";
import { type Credential, type Req, send } from "../../../test/tenancy-fixtures.ts";
import { parseDate } from "../../shared/dates.ts";
import { isWithinWindow } from "./subscriptions.rules.ts";

/**
 * A subscription's first weeks on the manual clock, through the API (R-CAN-01, R-SUS-01, D6):
 * ordered on 2026-01-15 (day 0), still changeable on day 14, only End of Billing Period from day 15.
 */
describe("scenario: the 14-day window on the manual clock", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  let as: Awaited<ReturnType<typeof signInWorld>>;
  before(async () => {
    t = await createTestApp();
    w = await setupSubscriptionWorld(t.deps);
    as = await signInWorld(t.app, w);
  });
  after(() => t.close());

  const call = (req: Req, cred: Credential) => send(t.app, req, cred);
  const codes = (body: { violations: { code: string }[] }) => body.violations.map((v) => v.code);

  it("D6 day 14 after the order is inside the window, day 15 is not (pure rule)", () => {
    const start = parseDate("2026-01-15");
    const cases: [string, boolean][] = [
      ["2026-01-15", true],
      ["2026-01-29", true],
      ["2026-01-30", false],
      ["2026-01-14", false],
    ];
    for (const [day, inside] of cases) assert.equal(isWithinWindow(start, parseDate(day), 14), inside, day);
  });

  it("R-CAN-01 / R-SUS-01 / D6: day 14 in, day 15 out — then only End of Billing Period", async () => {
    const { subscription: dbx } = await createTestSubscription(t.deps, w, {
      sku: "DBX-ADV-AC1Y",
      quantity: 5,
    });
    const { subscription: sign } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-AC1Y",
      quantity: 5,
      addons: [{ sku: "DBXS-SP-AC1Y", quantity: 5 }],
    });
    const preview = async (id: string, path: string, body: object) => {
      const res = await call(
        { method: "POST", url: `/api/bss/subscriptions/${id}/${path}?dryRun=true`, body },
        as.clerk,
      );
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };

    t.clock.advance({ days: 14 }); // 2026-01-29: day 14
    const day14 = (await call({ method: "GET", url: `/api/bss/subscriptions/${dbx.id}` }, as.viewer)).json();
    assert.deepEqual([day14.windowEndDate, day14.withinWindow], ["2026-01-29", true]);
    assert.deepEqual(codes(await preview(dbx.id, "cancel", { mode: "immediate" })), []);
    assert.deepEqual(
      codes(await preview(dbx.id, "cancel", { mode: "specific_date", date: "2026-01-20" })),
      [],
    );
    assert.deepEqual(codes(await preview(dbx.id, "suspend", {})), []);
    assert.deepEqual(codes(await preview(sign.id, "cancel", { mode: "immediate" })), []);

    t.clock.advance({ days: 1 }); // 2026-01-30: day 15
    const day15 = (await call({ method: "GET", url: `/api/bss/subscriptions/${dbx.id}` }, as.viewer)).json();
    assert.equal(day15.withinWindow, false);
    assert.deepEqual(codes(await preview(dbx.id, "cancel", { mode: "immediate" })), ["R-CAN-01"]);
    assert.deepEqual(codes(await preview(dbx.id, "cancel", { mode: "specific_date", date: "2026-01-20" })), [
      "R-CAN-01",
    ]);
    assert.deepEqual(codes(await preview(dbx.id, "suspend", {})), ["R-SUS-01"]);
    const sfImmediate = await call(
      { method: "POST", url: `/api/storefront/subscriptions/${sign.id}/cancel`, body: { mode: "immediate" } },
      as.sfA1,
    );
    assert.equal(sfImmediate.statusCode, 422);
    assert.equal(sfImmediate.json().error.code, "R-CAN-01");
    assert.match(sfImmediate.json().error.message, /Choose End of Billing Period instead/);

    // Adding licences is still possible (R-QTY-01), and End of Billing Period is accepted.
    const more = await call(
      { method: "POST", url: `/api/bss/subscriptions/${sign.id}/quantity`, body: { quantity: 6 } },
      as.clerk,
    );
    assert.equal(more.statusCode, 200, more.body);
    assert.equal(more.json().subscription.addons[0].quantity, 6, "R-SGN-04: the BSS raised the add-on");
    const eop = await call(
      {
        method: "POST",
        url: `/api/storefront/subscriptions/${sign.id}/cancel`,
        body: { mode: "end_of_billing_period", instructions: "not needed next year" },
      },
      as.sfA1,
    );
    assert.equal(eop.statusCode, 200, eop.body);
    const body = eop.json();
    assert.deepEqual(
      [body.subscription.status, body.effectiveDate, body.subscription.scheduledChanges[0].kind],
      ["pending_for_cancel", "2027-01-15", "cancel_end_of_period"],
    );
    const history = (
      await call({ method: "GET", url: `/api/bss/subscriptions/${sign.id}/history` }, as.viewer)
    ).json();
    const last = history.items.find((h: { action: string }) => h.action === "cancellation_scheduled");
    assert.equal(last.effectiveDate, "2027-01-15");
    assert.equal(last.channel, "storefront");
    assert.match(last.summary, /not needed next year/);
  });
});
