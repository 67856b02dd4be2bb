import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, it } from "node:test";
import { SMTPServer, type SMTPServerAddress } from "smtp-server";
import { createTenant, unique } from "../../../test/factories.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import type { Deps } from "../../deps.ts";
import { drainJobs } from "../../jobs/index.ts";
import { queryOne, sql, transaction } from "../../shared/db.ts";
import { createMailer, enqueueEmail, notificationJobHandlers, sendMessage } from "./index.ts";
import { orderData } from "./notifications.fixtures.ts";
import { findMessage } from "./notifications.repo.ts";

/**
 * Real emails through a real transport: nodemailer's SMTP client talks to an SMTP server
 * (smtp-server) listening in this process on 127.0.0.1, and the test reads what arrived.
 */

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** Decodes a MIME part written in quoted-printable (soft line breaks and =XX escapes). */
function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** The body of the MIME part with this content type, decoded. */
function part(raw: string, contentType: string): string {
  const start = raw.indexOf(`Content-Type: ${contentType}`);
  assert.ok(start >= 0, `no ${contentType} part`);
  const headersEnd = raw.indexOf("\r\n\r\n", start);
  const headers = raw.slice(start, headersEnd);
  const body = raw.slice(headersEnd + 4, raw.indexOf("\r\n----", headersEnd));
  if (/quoted-printable/i.test(headers)) return decodeQuotedPrintable(body);
  if (/base64/i.test(headers)) return Buffer.from(body, "base64").toString("utf8");
  return body;
}

describe("notifications over SMTP", () => {
  let t: TestContext;
  let smtp: SMTPServer;
  let port: number;
  let received: Received[] = [];
  /** What the server answers to RCPT TO; null accepts. */
  let refuse: { code: number; message: string } | null = null;
  let tenantId: string;
  let deps: Deps;

  before(async () => {
    t = await createTestContext();
    tenantId = (await createTenant(t.deps)).id;
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"], // plain SMTP on loopback; TLS is the real server's business
      logger: false,
      onRcptTo(address: SMTPServerAddress, _session, callback) {
        if (!refuse) return callback();
        const err = Object.assign(new Error(`${refuse.message} <${address.address}>`), {
          responseCode: refuse.code,
        });
        return callback(err);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
    port = (smtp.server.address() as AddressInfo).port;
    deps = {
      ...t.deps,
      config: { ...t.deps.config, PUBLIC_URL: "https://bss.example.test" },
      mailer: createMailer({
        SMTP_URL: `smtp://127.0.0.1:${port}`,
        PUBLIC_URL: "https://bss.example.test",
      }),
    };
  });
  after(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await t.close();
  });
  beforeEach(() => {
    received = [];
    refuse = null;
  });

  const enqueue = (key: string, to = "buyer@example.test") =>
    transaction(deps.db, (tx) =>
      enqueueEmail(deps, tx, {
        tenantId,
        key,
        to,
        template: "order_confirmation",
        data: orderData({ orderNumber: 77, statusUrl: "/store/acme/orders/ord_77" }),
      }),
    );
  const message = async (id: string) => (await findMessage(deps.db, tenantId, id))!;
  const jobOf = (messageId: string) =>
    queryOne<{ status: string; attempts: number; last_error: string | null }>(
      deps.db,
      sql`select status, attempts, last_error from jobs where kind = 'notifications.send' and key = ${messageId}`,
    );

  it("R-ORD-10 delivers the confirmation: recipient, subject, text and HTML with the status link", async () => {
    const { messageId } = await enqueue(unique("oc"));
    assert.equal(await drainJobs(deps, notificationJobHandlers), 1);
    assert.equal(received.length, 1);
    const mail = received[0]!;
    assert.deepEqual(mail.to, ["buyer@example.test"]);
    assert.equal(mail.from, "no-reply@bss.example.test");
    assert.match(mail.raw, /^To: buyer@example\.test\r$/m);
    assert.match(mail.raw, /^Subject: Order 77 received\r$/m);
    assert.match(mail.raw, new RegExp(`^Message-ID: <${messageId}@openbss>\\r$`, "m"));
    const link = "https://bss.example.test/store/acme/orders/ord_77";
    const text = part(mail.raw, "text/plain");
    assert.ok(text.includes("  5 x Dropbox Business"), text);
    assert.ok(text.includes(link), text);
    assert.ok(part(mail.raw, "text/html").includes(`<a href="${link}">`));

    const row = await message(messageId);
    assert.equal(row.status, "sent");
    assert.equal(row.transport, "smtp");
    assert.equal(row.providerMessageId, `<${messageId}@openbss>`);
    assert.equal(row.error, null);
  });

  it("an already-sent message is not sent again, and the same key queues nothing new", async () => {
    const key = unique("oc");
    const { messageId } = await enqueue(key);
    await drainJobs(deps, notificationJobHandlers);
    assert.equal(received.length, 1);
    assert.deepEqual(await sendMessage(deps, { tenantId, messageId }), { messageId, status: "already_sent" });
    assert.equal((await enqueue(key)).created, false);
    assert.equal(await drainJobs(deps, notificationJobHandlers), 0);
    assert.equal(received.length, 1);
  });

  it("a temporary refusal (SMTP 4xx) is retried with backoff and the error kept; then it goes out once", async () => {
    refuse = { code: 451, message: "Mailbox busy, try later" };
    const { messageId } = await enqueue(unique("oc"));
    // One run: a retry whose jittered backoff is ~0 ms would otherwise be claimed again at once.
    assert.equal(await drainJobs(deps, notificationJobHandlers, { maxJobs: 1 }), 1);
    assert.equal(received.length, 0);
    let row = await message(messageId);
    assert.equal(row.status, "queued");
    assert.match(row.error ?? "", /451.*Mailbox busy/);
    const job = await jobOf(messageId);
    assert.equal(job?.status, "pending");
    assert.match(job?.last_error ?? "", /Mailbox busy/);

    refuse = null;
    await drainJobs(deps, notificationJobHandlers, { includeDelayed: true });
    assert.equal(received.length, 1);
    row = await message(messageId);
    assert.equal(row.status, "sent");
    assert.equal(row.error, null);
    assert.equal((await jobOf(messageId))?.attempts, 2);
  });

  it("a permanent refusal (SMTP 5xx) marks the message failed and dead-letters the job at once", async () => {
    refuse = { code: 550, message: "No such mailbox" };
    const { messageId } = await enqueue(unique("oc"), "nobody@example.test");
    await drainJobs(deps, notificationJobHandlers, { includeDelayed: true });
    assert.equal(received.length, 0);
    const row = await message(messageId);
    assert.equal(row.status, "failed");
    assert.match(row.error ?? "", /550.*No such mailbox/);
    const job = await jobOf(messageId);
    assert.equal(job?.status, "dead");
    assert.equal(job?.attempts, 1);
  });

  it("`from` on SMTP_URL sets the sender", async () => {
    const custom: Deps = {
      ...deps,
      mailer: createMailer({
        SMTP_URL: `smtp://127.0.0.1:${port}?from=${encodeURIComponent("Acme Billing <billing@acme.test>")}`,
        PUBLIC_URL: "https://bss.example.test",
      }),
    };
    await enqueue(unique("oc"));
    await drainJobs(custom, notificationJobHandlers);
    assert.equal(received[0]?.from, "billing@acme.test");
    assert.match(received[0]!.raw, /^From: Acme Billing <billing@acme\.test>\r$/m);
  });
});
