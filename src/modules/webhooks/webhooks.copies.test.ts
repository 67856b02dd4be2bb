import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  drain,
  type TenantWorld,
  tenantSubscription,
  tenantWorld,
} from "../../../test/distribution-fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { createEndpoint } from "./create-endpoint.ts";

/**
 * Webhooks across a tenant reseller and its distributor (issue 15.5): a sale in the tenant's BSS
 * is `subscription.changed` there; its copy at the distributor is an executed `tenant` order
 * (R-TEN-04), so the distributor's integrators get `order.executed` for it.
 */
describe("webhooks and tenant copies", () => {
  let t: TestContext;
  let w: TenantWorld;
  let server: Server;
  const received: Array<{ path: string; body: { type: string; data: Record<string, unknown> } }> = [];
  let base = "";

  before(async () => {
    t = await createTestContext({ start: "2026-03-10T09:00:00Z" });
    w = await tenantWorld(t.deps);
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ path: req.url ?? "", body: JSON.parse(Buffer.concat(chunks).toString()) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
  });

  it("the tenant's integrator gets subscription.changed, the distributor's order.executed for the copy", async () => {
    await createEndpoint(t.deps, w.actors.distributorAdmin, {
      url: `${base}/distributor`,
      eventTypes: ["order.executed"],
    });
    const tenantAdmin = { ...w.actors.tenantClerk, role: "admin" as const };
    await createEndpoint(t.deps, tenantAdmin, {
      url: `${base}/tenant`,
      eventTypes: ["subscription.changed"],
    });
    const sold = await tenantSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 3 });
    await drain(t.deps);
    const atTenant = received.filter((r) => r.path === "/tenant");
    assert.ok(atTenant.length >= 1);
    assert.ok(
      atTenant.every((r) => r.body.type === "subscription.changed" && r.body.data.subscriptionId === sold.id),
    );
    const atDistributor = received.filter((r) => r.path === "/distributor");
    assert.equal(atDistributor.length, 1);
    assert.equal(atDistributor[0]!.body.type, "order.executed");
    assert.equal(atDistributor[0]!.body.data.channel, "tenant");
    assert.equal((atDistributor[0]!.body.data.lines as unknown[]).length, 1);
  });
});
