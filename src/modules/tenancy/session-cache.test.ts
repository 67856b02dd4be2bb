import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { TEST_PASSWORD } from "../../../test/factories.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { buildChannel, type ChannelFixture } from "../../../test/tenancy-fixtures.ts";
import { actorFromSession, login, logout, updateAccount, updateUser } from "./index.ts";
import { SESSION_CACHE_MS } from "./tenancy.repo.ts";

/**
 * Session lookups are cached for SESSION_CACHE_MS (tenancy.repo findSessionUser). What this
 * process changes applies at once; what it cannot see (an account made inactive, another API
 * process's sign-out) applies within SESSION_CACHE_MS.
 */
describe("tenancy: the session lookup cache", () => {
  let t: TestContext;
  let c: ChannelFixture;
  before(async () => {
    t = await createTestContext();
    c = await buildChannel(t.deps);
  });
  after(() => t.close());

  const signInSf = async (email: string) =>
    (await login(t.deps, { email, password: TEST_PASSWORD, area: "storefront" })).token;

  it("a sign-out and a role change apply to the next lookup, though the session was cached", async () => {
    const token = (await login(t.deps, { email: c.viewer.email, password: TEST_PASSWORD, area: "bss" }))
      .token;
    assert.equal((await actorFromSession(t.deps, token))?.role, "viewer"); // cached now
    await updateUser(t.deps, c.actors.admin, { userId: c.viewer.id, patch: { role: "clerk" } });
    assert.equal((await actorFromSession(t.deps, token))?.role, "clerk");
    await logout(t.deps, token);
    assert.equal(await actorFromSession(t.deps, token), undefined);
  });

  it("a Storefront account made inactive ends its users' sessions within SESSION_CACHE_MS", async () => {
    const token = await signInSf(c.sfA1.email);
    assert.equal((await actorFromSession(t.deps, token))?.kind, "storefront"); // cached now
    await updateAccount(t.deps, c.actors.clerk, {
      accountId: c.customerA1.id,
      patch: { status: "inactive" },
    });
    await sleep(SESSION_CACHE_MS + 50);
    assert.equal(await actorFromSession(t.deps, token), undefined);
    await updateAccount(t.deps, c.actors.clerk, { accountId: c.customerA1.id, patch: { status: "active" } });
  });
});
