import assert from "node:assert/strict";
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { createTestApp, json, type TestApp } from "../../../test/http.ts";
import { line, type OrderWorld, orderWorld, rowsOf, signInOrderWorld } from "../../../test/order-fixtures.ts";
import { rejectsWith } from "../../../test/tenancy-fixtures.ts";
import type { Deps } from "../../deps.ts";
import { drainJobs } from "../../jobs/index.ts";
import { jobHandlers } from "../../jobs/registry.ts";
import { systemClock } from "../../shared/clock.ts";
import { sql, transaction } from "../../shared/db.ts";
import { recordProvisioningResult } from "../subscriptions/index.ts";
import { createEndpoint } from "./create-endpoint.ts";
import { deliverWebhook } from "./deliver-webhook.ts";
import { emitWebhookEvent } from "./emit-webhook-event.ts";
import { webhookJobHandlers } from "./webhooks.jobs.ts";

/**
 * Webhooks (issue 15.5) through the HTTP API, delivered to a real local receiver (node:http) and
 * verified with an independent implementation of the Standard Webhooks signature written here
 * from the specification (no webhook library is installed).
 */

// ---- the receiver --------------------------------------------------------------------------

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
}

class Receiver {
  readonly received: Received[] = [];
  /** Status codes to answer, in order; 200 once they run out. */
  answers: number[] = [];
  private server: Server | undefined;
  url = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        this.received.push({
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          path: req.url ?? "",
        });
        const status = this.answers.shift() ?? 200;
        res.writeHead(status, { "content-type": "text/plain" });
        res.end(status === 200 ? "thanks" : `boom ${"x".repeat(3000)}`);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  take(): Received[] {
    return this.received.splice(0);
  }
}

/** Standard Webhooks verification, from the spec: HMAC-SHA256 over `id.timestamp.body`, base64. */
function verifySignature(secret: string, r: Received): boolean {
  const id = r.headers["webhook-id"];
  const timestamp = r.headers["webhook-timestamp"];
  const signatures = r.headers["webhook-signature"];
  if (typeof id !== "string" || typeof timestamp !== "string" || typeof signatures !== "string") return false;
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  assert.ok(secret.startsWith("whsec_"));
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${r.body}`).digest();
  return signatures.split(" ").some((entry) => {
    const [version, value] = entry.split(",", 2);
    if (version !== "v1" || !value) return false;
    const got = Buffer.from(value, "base64");
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

// ---- the tests -----------------------------------------------------------------------------

describe("webhooks (HTTP)", () => {
  let t: TestApp;
  let w: OrderWorld;
  let as: Awaited<ReturnType<typeof signInOrderWorld>>;
  const receiver = new Receiver();

  const call = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, cred: object, body?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: cred as Record<string, string>,
      ...(body === undefined ? {} : { payload: body as object }),
    });

  const addEndpoint = async (body: Record<string, unknown>, cred: object = as.admin) => {
    const res = await call("POST", "/api/bss/webhooks/endpoints", cred, body);
    assert.equal(res.statusCode, 201, res.body);
    return json<{ id: string; secret: string; url: string }>(res);
  };

  const placeOrder = async (sku: Parameters<typeof line>[1] = "DBX-STD-MCMB", quantity = 3) => {
    const res = await call("POST", "/api/bss/orders", as.clerk, {
      accountId: w.customerA1.id,
      lines: [line(w, sku, quantity)],
    });
    assert.equal(res.statusCode, 201, res.body);
    const order = res.json();
    assert.equal(order.status, "executed");
    return order as { id: string; lines: Array<{ subscriptionId: string }> };
  };

  const drain = () => drainJobs(t.deps, jobHandlers, { includeDelayed: true });

  const deliveriesOf = async (endpointId: string, cred: object = as.viewer) => {
    const res = await call("GET", `/api/bss/webhooks/endpoints/${endpointId}/deliveries`, cred);
    assert.equal(res.statusCode, 200, res.body);
    return json(res).items as Array<{
      id: string;
      eventId: string;
      eventType: string;
      status: string;
      attempts: number;
    }>;
  };

  /** Disables every endpoint of the world's tenant so tests do not see each other's events. */
  const disableAll = async () => {
    await t.deps.db.execute(
      sql`update webhook_endpoints set enabled = false where tenant_id = ${w.tenant.id}`,
    );
  };

  before(async () => {
    t = await createTestApp();
    w = await orderWorld(t.deps);
    as = await signInOrderWorld(t.app, w);
    await receiver.start();
  });
  after(async () => {
    await receiver.stop();
    await t.close();
  });

  it("shows the secret once: at creation and at rotation, never in reads", async () => {
    const created = await addEndpoint({
      url: `${receiver.url}/once`,
      eventTypes: ["order.executed"],
      description: "ERP",
    });
    assert.match(created.secret, /^whsec_[A-Za-z0-9+/]+={0,2}$/);
    assert.equal(Buffer.from(created.secret.slice(6), "base64").length, 32);
    for (const cred of [as.admin, as.viewer, as.clerk]) {
      const one = await call("GET", `/api/bss/webhooks/endpoints/${created.id}`, cred);
      assert.equal(one.statusCode, 200);
      assert.equal(one.json().secret, undefined);
      assert.ok(!one.body.includes(created.secret.slice(6, 20)));
      const list = await call("GET", "/api/bss/webhooks/endpoints", cred);
      assert.equal(list.statusCode, 200);
      assert.ok(!list.body.includes(created.secret.slice(6, 20)));
    }
    const rotated = await call("POST", `/api/bss/webhooks/endpoints/${created.id}/rotate-secret`, as.admin);
    assert.equal(rotated.statusCode, 200, rotated.body);
    assert.match(rotated.json().secret, /^whsec_/);
    assert.notEqual(rotated.json().secret, created.secret);
    assert.ok(rotated.json().secretRotatedAt);
    const after = await call("GET", `/api/bss/webhooks/endpoints/${created.id}`, as.admin);
    assert.equal(after.json().secret, undefined);
    await disableAll();
  });

  it("delivers a signed order.executed event from a real order; a 500 is retried with the same webhook-id and both attempts are logged", async () => {
    const endpoint = await addEndpoint({ url: `${receiver.url}/hooks`, eventTypes: ["order.executed"] });
    receiver.take();
    receiver.answers = [500];
    const order = await placeOrder();
    await drain();
    const got = receiver.take();
    assert.equal(got.length, 2, "one failed attempt, one retry");
    const [first, second] = got as [Received, Received];
    for (const r of got) {
      assert.equal(r.path, "/hooks");
      assert.equal(r.headers["content-type"], "application/json");
      assert.ok(verifySignature(endpoint.secret, r), "the signature verifies");
      assert.ok(
        !verifySignature(`whsec_${Buffer.alloc(32, 1).toString("base64")}`, r),
        "not with another secret",
      );
    }
    assert.equal(first.headers["webhook-id"], second.headers["webhook-id"]);
    assert.match(String(first.headers["webhook-id"]), /^whm_/);
    assert.equal(first.body, second.body);
    const body = JSON.parse(first.body);
    assert.equal(body.type, "order.executed");
    assert.match(body.timestamp, /^\d{4}-\d\d-\d\dT/);
    assert.equal(body.data.orderId, order.id);
    assert.equal(body.data.accountId, w.customerA1.id);
    assert.equal(body.data.lines[0].subscriptionId, order.lines[0]!.subscriptionId);

    const [delivery] = await deliveriesOf(endpoint.id);
    assert.equal(delivery?.status, "succeeded");
    assert.equal(delivery?.attempts, 2);
    assert.equal(delivery?.eventId, first.headers["webhook-id"]);
    const detail = await call("GET", `/api/bss/webhooks/deliveries/${delivery!.id}`, as.viewer);
    assert.equal(detail.statusCode, 200, detail.body);
    const log = detail.json().attemptLog as Array<Record<string, unknown>>;
    assert.deepEqual(
      log.map((a) => [a.attempt, a.statusCode, a.success]),
      [
        [1, 500, false],
        [2, 200, true],
      ],
    );
    assert.equal(String(log[0]!.responseBody).length, 2048, "the first 2 KB of the answer");
    assert.equal(log[1]!.responseBody, "thanks");
    assert.equal(typeof log[0]!.durationMs, "number");
    assert.deepEqual(detail.json().payload, body);
    await disableAll();
  });

  it("sends only the subscribed types, and nothing to a disabled endpoint", async () => {
    const subs = await addEndpoint({ url: `${receiver.url}/subs`, eventTypes: ["subscription.changed"] });
    const off = await addEndpoint({
      url: `${receiver.url}/off`,
      eventTypes: ["order.executed", "subscription.changed"],
      enabled: false,
    });
    receiver.take();
    const order = await placeOrder("DBX-STD-MCMB", 4);
    await drain();
    const got = receiver.take();
    assert.ok(got.length >= 1);
    assert.deepEqual([...new Set(got.map((r) => r.path))], ["/subs"]);
    for (const r of got) {
      assert.ok(verifySignature(subs.secret, r));
      const body = JSON.parse(r.body);
      assert.equal(body.type, "subscription.changed");
      assert.equal(body.data.subscriptionId, order.lines[0]!.subscriptionId);
      assert.ok(body.data.changes.length >= 1);
    }
    assert.deepEqual(await deliveriesOf(off.id), []);
    // Switching types by PATCH: now only order.executed reaches it.
    const patched = await call("PATCH", `/api/bss/webhooks/endpoints/${subs.id}`, as.admin, {
      eventTypes: ["order.executed"],
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual(patched.json().eventTypes, ["order.executed"]);
    await placeOrder("DBX-STD-MCMB", 5);
    await drain();
    assert.deepEqual(
      receiver.take().map((r) => [r.path, JSON.parse(r.body).type]),
      [["/subs", "order.executed"]],
    );
    await disableAll();
  });

  it("replays a delivery with the same webhook-id as a new delivery (admin only; not to a disabled endpoint)", async () => {
    const endpoint = await addEndpoint({ url: `${receiver.url}/replay`, eventTypes: ["order.executed"] });
    await placeOrder();
    await drain();
    const [original] = receiver.take();
    const [delivery] = await deliveriesOf(endpoint.id);
    for (const cred of [as.viewer, as.clerk]) {
      const refused = await call("POST", `/api/bss/webhooks/deliveries/${delivery!.id}/replay`, cred);
      assert.equal(refused.statusCode, 403);
    }
    const replay = await call("POST", `/api/bss/webhooks/deliveries/${delivery!.id}/replay`, as.admin);
    assert.equal(replay.statusCode, 202, replay.body);
    assert.equal(replay.json().replayOf, delivery!.id);
    assert.equal(replay.json().eventId, delivery!.eventId);
    assert.equal(replay.json().status, "pending");
    await drain();
    const [again] = receiver.take();
    assert.ok(again && original);
    assert.equal(again.headers["webhook-id"], original.headers["webhook-id"]);
    assert.equal(again.body, original.body);
    assert.ok(verifySignature(endpoint.secret, again));
    const list = await deliveriesOf(endpoint.id);
    assert.equal(list.length, 2);
    assert.ok(list.every((d) => d.status === "succeeded"));

    await call("PATCH", `/api/bss/webhooks/endpoints/${endpoint.id}`, as.admin, { enabled: false });
    const disabled = await call("POST", `/api/bss/webhooks/deliveries/${delivery!.id}/replay`, as.admin);
    assert.equal(disabled.statusCode, 409, disabled.body);
  });

  it("sends provisioning.failed when the vendor refuses a subscription's change", async () => {
    const endpoint = await addEndpoint({ url: `${receiver.url}/prov`, eventTypes: ["provisioning.failed"] });
    const order = await placeOrder();
    const subscriptionId = order.lines[0]!.subscriptionId;
    await recordProvisioningResult(t.deps, {
      tenantId: w.tenant.id,
      subscriptionId,
      outcome: "failed",
      error: "The team admin email is already taken",
    });
    await drainJobs(t.deps, webhookJobHandlers, { includeDelayed: true });
    const got = receiver.take().filter((r) => r.path === "/prov");
    assert.equal(got.length, 1);
    assert.ok(verifySignature(endpoint.secret, got[0]!));
    const body = JSON.parse(got[0]!.body);
    assert.equal(body.type, "provisioning.failed");
    assert.equal(body.data.subscriptionId, subscriptionId);
    assert.equal(body.data.accountId, w.customerA1.id);
    assert.equal(body.data.syncStatus, "failed");
    assert.match(body.data.error, /already taken/);
    await disableAll();
  });

  it("refuses bad URLs (credentials, other schemes, fragments) and unknown or repeated event types, naming the field", async () => {
    for (const [body, path] of [
      [{ url: "https://user:pw@hooks.example.test/x", eventTypes: ["order.executed"] }, "url"],
      [{ url: "ftp://hooks.example.test/x", eventTypes: ["order.executed"] }, "url"],
      [{ url: "not a url", eventTypes: ["order.executed"] }, "url"],
      [{ url: "https://hooks.example.test/#frag", eventTypes: ["order.executed"] }, "url"],
      [{ url: "https://hooks.example.test/x", eventTypes: ["order.shipped"] }, "body.eventTypes.0"],
      [
        { url: "https://hooks.example.test/x", eventTypes: ["order.executed", "order.executed"] },
        "body.eventTypes",
      ],
      [{ url: "https://hooks.example.test/x", eventTypes: [] }, "body.eventTypes"],
      [{ url: "https://hooks.example.test/x", eventTypes: ["order.executed"], secret: "whsec_mine" }, "body"],
    ] as const) {
      const res = await call("POST", "/api/bss/webhooks/endpoints", as.admin, body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)} → ${res.body}`);
      assert.equal(res.json().error.code, "validation_failed");
      const paths = (res.json().error.details?.issues ?? []).map((i: { path: string }) => i.path);
      assert.ok(
        paths.some((p: string) => p === path || p.startsWith(`${path}`)),
        `${JSON.stringify(body)} names ${path}: ${paths}`,
      );
    }
    // Stored as the URL parser normalises it (what deliveries request), never a 5xx.
    const upper = await addEndpoint({
      url: "HTTPS://Hooks.Example.TEST/a b",
      eventTypes: ["payment.recorded"],
    });
    assert.equal(upper.url, "https://hooks.example.test/a%20b");
    const long = await call("POST", "/api/bss/webhooks/endpoints", as.admin, {
      url: `https://hooks.example.test/${"a b".repeat(600)}`,
      eventTypes: ["payment.recorded"],
    });
    assert.equal(long.statusCode, 400, long.body);
    assert.match(long.json().error.message, /2000 characters once encoded/);
    // The sandbox clock accepts http and a loopback receiver (the demo, these tests).
    const local = await addEndpoint({ url: "http://127.0.0.1:9/local", eventTypes: ["payment.recorded"] });
    assert.equal(local.url, "http://127.0.0.1:9/local");
    await disableAll();
  });

  it("answers 401, 403 and 404 as the house rules say, for every endpoint", async () => {
    const mine = await addEndpoint({ url: `${receiver.url}/sec`, eventTypes: ["order.executed"] });
    await placeOrder();
    await drain();
    const [delivery] = await deliveriesOf(mine.id);
    assert.ok(delivery);
    const theirs = await addEndpoint(
      { url: `${receiver.url}/theirs`, eventTypes: ["order.executed"] },
      as.otherAdmin,
    );
    const theirEvent = await transaction(t.deps.db, (tx) =>
      emitWebhookEvent(t.deps, tx, {
        tenantId: w.other.tenant.id,
        type: "order.executed",
        data: { orderId: "x" },
      }),
    );
    const [theirDelivery] = await rowsOf<{ id: string }>(
      t.deps,
      "webhook_deliveries",
      sql`event_id = ${theirEvent}`,
    );
    const otherDeliveryId = theirDelivery!.id;

    const routes = (endpointId: string, deliveryId: string) =>
      [
        ["GET", "/api/bss/webhooks/event-types", undefined, "viewer"],
        ["GET", "/api/bss/webhooks/endpoints", undefined, "viewer"],
        [
          "POST",
          "/api/bss/webhooks/endpoints",
          { url: `${receiver.url}/n`, eventTypes: ["order.executed"], enabled: false },
          "admin",
        ],
        ["GET", `/api/bss/webhooks/endpoints/${endpointId}`, undefined, "viewer"],
        ["PATCH", `/api/bss/webhooks/endpoints/${endpointId}`, { description: "x" }, "admin"],
        ["POST", `/api/bss/webhooks/endpoints/${endpointId}/rotate-secret`, undefined, "admin"],
        ["GET", `/api/bss/webhooks/endpoints/${endpointId}/deliveries`, undefined, "viewer"],
        ["GET", `/api/bss/webhooks/deliveries/${deliveryId}`, undefined, "viewer"],
        ["POST", `/api/bss/webhooks/deliveries/${deliveryId}/replay`, undefined, "admin"],
        ["DELETE", `/api/bss/webhooks/endpoints/${endpointId}`, undefined, "admin"],
      ] as const;

    for (const [method, url, body] of routes(mine.id, delivery.id)) {
      assert.equal((await call(method, url, {}, body)).statusCode, 401, `${method} ${url} anonymous`);
      assert.equal((await call(method, url, as.sfA, body)).statusCode, 403, `${method} ${url} storefront`);
    }
    for (const [method, url, body, role] of routes(mine.id, delivery.id)) {
      if (role !== "admin") continue;
      for (const cred of [as.viewer, as.clerk])
        assert.equal((await call(method, url, cred, body)).statusCode, 403, `${method} ${url} below admin`);
    }
    for (const [method, url, body] of routes(mine.id, delivery.id).filter(
      ([, u]) => u.includes(mine.id) || u.includes(delivery.id),
    )) {
      const res = await call(method, url, as.otherAdmin, body);
      assert.equal(res.statusCode, 404, `${method} ${url} other tenant → ${res.body}`);
    }
    for (const [method, url, body] of routes(theirs.id, otherDeliveryId).filter(
      ([, u]) => u.includes(theirs.id) || u.includes(otherDeliveryId),
    )) {
      const res = await call(method, url, as.admin, body);
      assert.equal(res.statusCode, 404, `${method} ${url} another tenant's id → ${res.body}`);
      assert.ok(!res.body.includes(theirs.url));
    }
    // The admin's own: delete answers 204 and takes the log with it.
    const deleted = await call("DELETE", `/api/bss/webhooks/endpoints/${mine.id}`, as.admin);
    assert.equal(deleted.statusCode, 204);
    assert.equal(
      (await call("GET", `/api/bss/webhooks/deliveries/${delivery.id}`, as.admin)).statusCode,
      404,
    );
    await disableAll();
  });
});

describe("webhooks (address checks and the outbox)", () => {
  let t: TestApp;
  let w: OrderWorld;
  const receiver = new Receiver();
  let system: Deps;

  before(async () => {
    t = await createTestApp();
    w = await orderWorld(t.deps);
    await receiver.start();
    system = { ...t.deps, clock: systemClock() };
  });
  after(async () => {
    await receiver.stop();
    await t.close();
  });

  it("refuses private, loopback, link-local and metadata hosts and plain http with the system clock", async () => {
    for (const url of [
      "https://127.0.0.1/hook",
      "https://localhost/hook",
      "https://10.0.0.8/hook",
      "https://172.20.1.1/hook",
      "https://192.168.0.10/hook",
      "https://169.254.169.254/latest/meta-data",
      "https://100.64.1.1/hook",
      "https://0.0.0.0/hook",
      "https://[::1]/hook",
      "https://[fd00::1]/hook",
      "https://[fe80::1]/hook",
      "https://[::ffff:127.0.0.1]/hook",
      "http://93.184.215.14/hook",
      "https://user:secret@93.184.215.14/hook",
    ])
      await assert.rejects(
        createEndpoint(system, w.actors.admin, { url, eventTypes: ["order.executed"] }),
        rejectsWith("validation_failed", /url/),
        url,
      );
    const ok = await createEndpoint(system, w.actors.admin, {
      url: "https://93.184.215.14/hook",
      eventTypes: ["order.executed"],
    });
    assert.equal(ok.endpoint.url, "https://93.184.215.14/hook");
    // The same loopback URL is fine with the sandbox clock.
    const local = await createEndpoint(t.deps, w.actors.admin, {
      url: `${receiver.url}/local`,
      eventTypes: ["payment.recorded"],
    });
    assert.equal(local.endpoint.enabled, true);
  });

  it("checks the address again at delivery time: a loopback receiver is refused under the system clock, without a request", async () => {
    const { endpoint } = await createEndpoint(t.deps, w.actors.admin, {
      url: `${receiver.url.replace("http://127.0.0.1", "https://localhost")}/rebind`,
      eventTypes: ["document.issued"],
    });
    const eventId = await transaction(t.deps.db, (tx) =>
      emitWebhookEvent(t.deps, tx, {
        tenantId: w.tenant.id,
        type: "document.issued",
        data: { documentId: "inv_x" },
      }),
    );
    const [delivery] = await rowsOf<{ id: string }>(
      t.deps,
      "webhook_deliveries",
      sql`event_id = ${eventId} and endpoint_id = ${endpoint.id}`,
    );
    const outcome = await deliverWebhook(system, w.tenant.id, { deliveryId: delivery!.id, attempt: 1 });
    assert.equal(outcome.outcome, "retry");
    assert.match(outcome.reason ?? "", /localhost resolves to (127\.0\.0\.1|::1), a private, loopback/);
    assert.equal(receiver.take().length, 0);
    const [attempt] = await rowsOf<{ status_code: number | null; error: string }>(
      t.deps,
      "webhook_attempts",
      sql`delivery_id = ${delivery!.id}`,
    );
    assert.equal(attempt?.status_code, null);
    assert.match(attempt?.error ?? "", /loopback/);
    // The next attempt is its own job, scheduled per the delivery's schedule (5 s after the first).
    const jobs = await rowsOf<{ key: string; run_at: Date }>(
      t.deps,
      "jobs",
      sql`kind = 'webhooks.deliver' and key = ${`${delivery!.id}:2`}`,
    );
    assert.equal(jobs.length, 1);
    // A duplicate run of attempt 1 does nothing.
    assert.equal(
      (await deliverWebhook(system, w.tenant.id, { deliveryId: delivery!.id, attempt: 1 })).outcome,
      "skipped",
    );
  });

  it("an event nobody subscribes to writes nothing; after the last attempt the delivery is failed", async () => {
    const count = async (table: string) => (await rowsOf(t.deps, table)).length;
    await t.deps.db.execute(
      sql`update webhook_endpoints set enabled = false where tenant_id = ${w.tenant.id}`,
    );
    const before = [await count("webhook_events"), await count("jobs")];
    const none = await transaction(t.deps.db, (tx) =>
      emitWebhookEvent(t.deps, tx, {
        tenantId: w.tenant.id,
        type: "document.issued",
        data: () => {
          throw new Error("the data of an event nobody receives is never built");
        },
      }),
    );
    assert.equal(none, null);
    assert.deepEqual([await count("webhook_events"), await count("jobs")], before);

    const { endpoint } = await createEndpoint(t.deps, w.actors.admin, {
      url: `${receiver.url}/down`,
      eventTypes: ["payment.recorded"],
    });
    receiver.answers = Array(20).fill(503);
    await transaction(t.deps.db, (tx) =>
      emitWebhookEvent(t.deps, tx, {
        tenantId: w.tenant.id,
        type: "payment.recorded",
        data: { amount: 12n },
      }),
    );
    await drainJobs(t.deps, jobHandlers, { includeDelayed: true });
    const got = receiver.take();
    assert.equal(got.length, 8, "eight attempts over the schedule");
    assert.equal(new Set(got.map((r) => r.headers["webhook-id"])).size, 1);
    assert.equal(JSON.parse(got[0]!.body).data.amount, "12");
    const [delivery] = await rowsOf<{ status: string; attempts: number; last_status_code: number }>(
      t.deps,
      "webhook_deliveries",
      sql`endpoint_id = ${endpoint.id}`,
    );
    assert.deepEqual([delivery?.status, delivery?.attempts, delivery?.last_status_code], ["failed", 8, 503]);
    receiver.answers = [];
  });
});
