import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import { type OrderWorld, orderWorld, signInOrderWorld } from "../../../test/order-fixtures.ts";
import { send } from "../../../test/tenancy-fixtures.ts";

/**
 * Review: well-formed but impossible dates (YYYY-MM-DD that is no calendar day) in list filters
 * pass the zod regex and reach the database, which answers with an error: a 500 for a clerk's typo.
 */
describe("review: impossible dates in list filters", () => {
  let t: TestApp;
  let w: OrderWorld;
  let as: Awaited<ReturnType<typeof signInOrderWorld>>;
  before(async () => {
    t = await createTestApp();
    w = await orderWorld(t.deps);
    as = await signInOrderWorld(t.app, w);
  });
  after(() => t.close());

  for (const url of [
    "/api/bss/orders?from=2026-02-30",
    "/api/bss/orders?to=2026-13-01",
    "/api/bss/subscriptions?startFrom=2026-02-30",
    "/api/bss/subscriptions?startTo=2026-04-31",
  ])
    it(`GET ${url} is a 400 naming the field, not a 500`, async () => {
      const res = await send(t.app, { method: "GET", url }, as.viewer);
      assert.equal(res.statusCode, 400, res.body);
    });
});
