import assert from "node:assert/strict";
import { type AddressInfo, connect } from "node:net";
import { after, before, describe, it } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { createTestApp, type TestApp } from "../../test/http.ts";
import { buildSignedInChannel, type SignedInChannel } from "../../test/tenancy-fixtures.ts";
import { queryOne, sql } from "../shared/db.ts";
import { MAX_JSON_DEPTH } from "./input-guard.ts";

/**
 * Issue 12: input no schema should have to think about is refused before it reaches a use case
 * or PostgreSQL — a 4xx in the product's error shape, never a 5xx, nothing written.
 */
function assertErrorShape(res: LightMyRequestResponse, status: number, code?: string): void {
  assert.equal(res.statusCode, status, res.body);
  const body = res.json();
  assert.equal(typeof body.error?.code, "string", res.body);
  assert.equal(typeof body.error?.message, "string", res.body);
  assert.equal(typeof body.error?.requestId, "string", res.body);
  if (code) assert.equal(body.error.code, code, res.body);
}

describe("issue 12: the input guard", () => {
  let t: TestApp;
  let c: SignedInChannel;
  const accounts = async () =>
    Number((await queryOne<{ n: string }>(t.deps.db, sql`select count(*)::text as n from accounts`))!.n);

  before(async () => {
    t = await createTestApp();
    c = await buildSignedInChannel(t.deps, t.app);
  });
  after(() => t.close());

  it("refuses a NUL byte in a path id, a query value and a query name with 400", async () => {
    for (const url of [
      `/api/bss/accounts/${c.customerA1.id}%00x`,
      "/api/bss/accounts?q=a%00b",
      "/api/bss/accounts?q%00=a",
    ]) {
      const res = await t.app.inject({ method: "GET", url, headers: c.as.apiKey });
      assertErrorShape(res, 400, "validation_failed");
      assert.match(res.json().error.message, /NUL/);
    }
  });

  it("refuses percent-encoding that is not UTF-8 text (path and query) with 400 in the error shape", async () => {
    for (const url of [
      "/api/bss/accounts/%E0%A4%A",
      "/api/bss/accounts/%ED%A0%80",
      "/api/bss/accounts?q=%ED%A0%80",
      "/api/bss/accounts?q=%E0%A4%A",
    ]) {
      const res = await t.app.inject({ method: "GET", url, headers: c.as.apiKey });
      assert.equal(res.statusCode, 400, url);
      assertErrorShape(res, 400);
      assert.match(res.json().error.message, /percent-encoding/);
    }
  });

  it("answers an over-long path parameter with 414 in the error shape", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/bss/accounts/${"a".repeat(5000)}`,
      headers: c.as.apiKey,
    });
    assertErrorShape(res, 414, "uri_too_long");
  });

  it("answers unknown routes and methods with 404 in the error shape", async () => {
    for (const [method, url] of [
      ["GET", "/api/nope"],
      ["DELETE", "/api/bss/accounts"],
      ["OPTIONS", "/api/bss/accounts"],
    ] as const) {
      assertErrorShape(await t.app.inject({ method, url, headers: c.as.apiKey }), 404, "not_found");
    }
  });

  it("refuses NUL in a body string and in an object key, and writes nothing", async () => {
    const before = await accounts();
    const bodies = [
      { kind: "direct_customer", name: "Nul\u0000Corp" },
      { kind: "direct_customer", name: "Ok", address: { "city\u0000": "x" } },
    ];
    for (const payload of bodies) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/bss/accounts",
        headers: c.as.apiKey,
        payload,
      });
      assertErrorShape(res, 400, "validation_failed");
      assert.match(res.json().error.message, /NUL/);
    }
    assert.equal(await accounts(), before);
  });

  it("refuses a lone surrogate instead of storing U+FFFD, and stores a real surrogate pair as sent", async () => {
    const before = await accounts();
    const lone = await t.app.inject({
      method: "POST",
      url: "/api/bss/accounts",
      headers: { ...c.as.apiKey, "content-type": "application/json" },
      payload: '{"kind":"direct_customer","name":"x\\ud800y"}',
    });
    assertErrorShape(lone, 400, "validation_failed");
    assert.match(lone.json().error.message, /surrogate/);
    assert.equal(await accounts(), before);

    const name = "Rocket \u{1F680} GmbH";
    const ok = await t.app.inject({
      method: "POST",
      url: "/api/bss/accounts",
      headers: c.as.apiKey,
      payload: { kind: "direct_customer", name },
    });
    assert.equal(ok.statusCode, 201, ok.body);
    const stored = await queryOne<{ name: string }>(
      t.deps.db,
      sql`select name from accounts where id = ${ok.json().id}`,
    );
    assert.equal(stored?.name, name);
  });

  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels, with an Idempotency-Key too`, async () => {
    for (const depth of [MAX_JSON_DEPTH + 1, 100_000]) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/bss/accounts",
        headers: { ...c.as.apiKey, "content-type": "application/json", "idempotency-key": `deep-${depth}` },
        payload: `{"kind":"direct_customer","name":"x","address":${"[".repeat(depth)}${"]".repeat(depth)}}`,
      });
      assertErrorShape(res, 400, "validation_failed");
      assert.match(res.json().error.message, /nested deeper/);
    }
  });

  it("refuses dates PostgreSQL or the calendar would not take, naming the field", async () => {
    for (const date of ["0000-01-01", "1999-12-31", "3000-01-01", "+275760-09-13", "2026-02-30"]) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/bss/billing/runs",
        headers: c.as.apiKey,
        payload: { date },
      });
      assertErrorShape(res, 400, "validation_failed");
      assert.ok(
        res.json().error.details.issues.some((i: { path: string }) => i.path === "body.date"),
        res.body,
      );
    }
  });

  it("answers what Node's HTTP parser refuses before Fastify routes (headers too large, a malformed request) in the error shape, with nosniff and no-store", async () => {
    // Only a real socket shows it: fastify.inject never goes through Node's HTTP parser.
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = t.app.server.address() as AddressInfo;
    const send = (text: string) =>
      new Promise<string>((resolve, reject) => {
        let answer = "";
        const socket = connect(port, "127.0.0.1", () => socket.write(text));
        socket.on("data", (chunk) => {
          answer += chunk;
        });
        socket.on("close", () => resolve(answer));
        socket.on("error", reject);
      });
    for (const [request, status] of [
      [`GET /api/bss/accounts?q=${"a".repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`, 431],
      [`GET /api/bss/accounts HTTP/1.1\r\nHost: localhost\r\nCookie: ${"a".repeat(20_000)}\r\n\r\n`, 431],
      ["NOT HTTP AT ALL\r\n\r\n", 400],
      [
        "POST /api/bss/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
        400,
      ],
    ] as const) {
      const answer = await send(request);
      const [head = "", body = ""] = answer.split("\r\n\r\n");
      assert.match(head, new RegExp(`^HTTP/1.1 ${status} `), answer.slice(0, 200));
      assert.match(head, /\r\ncontent-type: application\/json/i, head);
      assert.match(head, /\r\nx-content-type-options: nosniff/i, head);
      assert.match(head, /\r\ncache-control: no-store/i, head);
      const { error, ...rest } = JSON.parse(body);
      assert.deepEqual(rest, {}, body);
      assert.equal(error.code, "bad_request", body);
      assert.equal(typeof error.message, "string");
      assert.match(error.requestId, /^req_/);
    }
  });
});
