import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { queryRows } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import { runCommand } from "./subscriptions.core.ts";
import { subscriptionStates } from "./subscriptions.states.ts";

describe("subscription command runner", () => {
  let t: TestContext;
  before(async () => {
    t = await createTestContext();
  });
  after(() => t.close());

  const countTenants = async (slug: string) =>
    (
      await queryRows<{ n: number }>(
        t.deps.db,
        sql`select count(*)::int as n from tenants where slug = ${slug}`,
      )
    )[0]!.n;

  const insertTenant = (slug: string) => async (tx: typeof t.deps.db) => {
    await tx.execute(
      sql`insert into tenants (id, slug, name, kind) values (${`ten_${slug}`}, ${slug}, 'x', 'distributor')`,
    );
    return { violations: [], slug };
  };

  it("a preview runs the same code, returns its result and writes nothing", async () => {
    const result = await runCommand(t.deps, { dryRun: true }, insertTenant("preview-only"));
    assert.equal(result.preview, true);
    assert.equal(result.slug, "preview-only");
    assert.equal(await countTenants("preview-only"), 0);
  });

  it("a commit writes and says it was not a preview", async () => {
    const result = await runCommand(t.deps, {}, insertTenant("committed"));
    assert.equal(result.preview, false);
    assert.equal(await countTenants("committed"), 1);
  });

  it("a commit with violations throws every violation and writes nothing; a preview returns them", async () => {
    const failing = async (tx: typeof t.deps.db) => {
      await insertTenant("refused")(tx);
      return {
        violations: [
          { code: "R-ORD-01" as const, message: "at least 3" },
          { code: "R-SGN-02" as const, message: "5 seats" },
        ],
      };
    };
    await assert.rejects(runCommand(t.deps, {}, failing), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, "R-ORD-01");
      assert.equal((e.details!.violations as unknown[]).length, 2);
      return true;
    });
    const preview = await runCommand(t.deps, { dryRun: true }, failing);
    assert.equal(preview.violations.length, 2);
    assert.equal(await countTenants("refused"), 0);
  });

  it("R-CAN-04: Canceled is final in the status table", () => {
    assert.ok(subscriptionStates.isFinal("canceled"));
    for (const to of ["active", "inactive", "suspended", "pending_for_cancel"] as const) {
      assert.equal(subscriptionStates.canTransition("canceled", to), false);
    }
    assert.ok(subscriptionStates.canTransition("inactive", "active")); // R-REN-01 re-activation
    assert.ok(subscriptionStates.canTransition("pending_for_cancel", "active")); // revoke
  });
});
