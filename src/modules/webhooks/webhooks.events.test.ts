import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { createTestApp, json, type TestApp } from "../../../test/http.ts";
import { line, type OrderWorld, orderWorld, signInOrderWorld } from "../../../test/order-fixtures.ts";
import { drainJobs } from "../../jobs/index.ts";
import { jobHandlers } from "../../jobs/registry.ts";

/**
 * Issue 15 item 5: the events wired into other modules at merge reach a real local receiver —
 * `document.issued` (with the document's delivery, once per document) and `payment.recorded`.
 */
describe("webhook events from billing", () => {
  let t: TestApp;
  let w: OrderWorld;
  let as: Awaited<ReturnType<typeof signInOrderWorld>>;
  let server: Server;
  let url = "";
  const received: Array<{ type: string; data: Record<string, unknown>; id: string }> = [];

  const call = (method: "GET" | "POST", path: string, cred: object, body?: unknown) =>
    t.app.inject({
      method,
      url: path,
      headers: cred as Record<string, string>,
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const drain = () => drainJobs(t.deps, jobHandlers, { includeDelayed: true });

  before(async () => {
    t = await createTestApp();
    w = await orderWorld(t.deps);
    as = await signInOrderWorld(t.app, w);
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        received.push({ type: body.type, data: body.data, id: String(req.headers["webhook-id"]) });
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
  });

  it("document.issued once per issued document, payment.recorded once per payment", async () => {
    const endpoint = await call("POST", "/api/bss/webhooks/endpoints", as.admin, {
      url,
      eventTypes: ["document.issued", "payment.recorded"],
    });
    assert.equal(endpoint.statusCode, 201, endpoint.body);

    const order = await call("POST", "/api/bss/orders", as.clerk, {
      accountId: w.customerA1.id,
      lines: [line(w, "DBX-STD-MCMB", 3)],
    });
    assert.equal(order.statusCode, 201, order.body);
    await drain();
    await drain(); // a second pass finds nothing new to deliver or announce
    const docs = received.filter((r) => r.type === "document.issued");
    assert.equal(docs.length, 1, JSON.stringify(received));
    const invoice = docs[0]!.data as { id: string; kind: string; number: string; gross: { decimal: string } };
    assert.equal(invoice.kind, "invoice");
    assert.match(invoice.number, /^INV-/);
    const doc = await call("GET", `/api/bss/documents/${invoice.id}`, as.viewer);
    assert.equal(doc.statusCode, 200, doc.body);
    assert.equal(json<{ gross: { decimal: string } }>(doc).gross.decimal, invoice.gross.decimal);

    const payment = await call("POST", "/api/bss/payments", as.clerk, {
      accountId: (json<{ accountId: string }>(doc) as { accountId: string }).accountId,
      method: "bank_transfer",
      paidOn: (json<{ issueDate: string }>(doc) as { issueDate: string }).issueDate,
      amount: invoice.gross.decimal,
      reference: "WH-1",
    });
    assert.equal(payment.statusCode, 201, payment.body);
    await drain();
    const paid = received.filter((r) => r.type === "payment.recorded");
    assert.equal(paid.length, 1, JSON.stringify(received));
    const data = paid[0]!.data as { reference: string; amount: { decimal: string }; allocations: unknown[] };
    assert.equal(data.reference, "WH-1");
    assert.equal(data.amount.decimal, invoice.gross.decimal);
    assert.equal(data.allocations.length, 1);
  });
});
