import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTenant, unique } from "../../../test/factories.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import type { Deps } from "../../deps.ts";
import { drainJobs } from "../../jobs/index.ts";
import { queryOne, queryRows, sql, transaction } from "../../shared/db.ts";
import {
  createMailer,
  type EnqueueEmailInput,
  enqueueEmail,
  notificationJobHandlers,
  type OrderConfirmationData,
  publicUrl,
  sendMessage,
} from "./index.ts";
import { closedPort, orderData } from "./notifications.fixtures.ts";
import { findMessage } from "./notifications.repo.ts";

/** The outbox path of an email with the stored transport (no mail server): enqueue, render, deliver, retry. */

describe("notifications: enqueueEmail and the send job", () => {
  let t: TestContext;
  let tenantId: string;
  let otherTenantId: string;

  before(async () => {
    t = await createTestContext();
    tenantId = (await createTenant(t.deps)).id;
    otherTenantId = (await createTenant(t.deps)).id;
  });
  after(() => t.close());

  const enqueue = (input: Partial<EnqueueEmailInput> & { key: string }, deps: Deps = t.deps) =>
    transaction(deps.db, (tx) =>
      enqueueEmail(deps, tx, {
        tenantId,
        to: "buyer@example.test",
        template: "order_confirmation",
        data: orderData(),
        ...input,
      } as EnqueueEmailInput),
    );
  const message = async (id: string) => {
    const row = await findMessage(t.deps.db, tenantId, id);
    if (!row) throw new Error(`no message ${id}`);
    return row;
  };
  const jobsFor = (messageId: string) =>
    queryRows<{ id: string; status: string; attempts: number; last_error: string | null; tenant_id: string }>(
      t.deps.db,
      sql`select id, status, attempts, last_error, tenant_id from jobs
          where kind = 'notifications.send' and key = ${messageId}`,
    );
  const countByKey = async (key: string) =>
    Number(
      (await queryOne<{ n: string }>(t.deps.db, sql`select count(*) as n from messages where key = ${key}`))!
        .n,
    );

  it("writes the rendered message and its send job in the caller's transaction", async () => {
    const { messageId, created } = await enqueue({ key: unique("order-confirmation") });
    assert.equal(created, true);
    assert.match(messageId, /^msg_/);
    const row = await message(messageId);
    assert.equal(row.status, "queued");
    assert.equal(row.subject, "Order 1042 received");
    const jobs = await jobsFor(messageId);
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0]!.status, "pending");
    assert.equal(jobs[0]!.tenant_id, tenantId);
  });

  it("the same key twice is one message and one job; the first data wins", async () => {
    const key = unique("order-confirmation");
    const first = await enqueue({ key });
    const second = await enqueue({ key, data: orderData({ orderNumber: 9999 }) });
    assert.equal(second.created, false);
    assert.equal(second.messageId, first.messageId);
    assert.equal(await countByKey(key), 1);
    assert.equal((await jobsFor(first.messageId)).length, 1);
    assert.equal((await message(first.messageId)).subject, "Order 1042 received");
    // Keys are per tenant: another tenant's email with the same key is another email.
    const other = await enqueue({ key, tenantId: otherTenantId });
    assert.equal(other.created, true);
    assert.equal(await countByKey(key), 2);
  });

  it("a rolled-back transaction leaves neither message nor job", async () => {
    const key = unique("order-confirmation");
    await assert.rejects(
      transaction(t.deps.db, async (tx) => {
        await enqueueEmail(t.deps, tx, {
          tenantId,
          key,
          to: "buyer@example.test",
          template: "order_confirmation",
          data: orderData(),
        });
        throw new Error("the order failed after queueing its email");
      }),
      /order failed/,
    );
    assert.equal(await countByKey(key), 0);
  });

  it("R-ORD-10 renders the lines, the total and the link to the order's status page; HTML is escaped", async () => {
    const { messageId } = await enqueue({
      key: unique("order-confirmation"),
      data: orderData({ customerName: "Ben & <Jerry's>", statusUrl: "/store/acme/orders/ord_1" }),
    });
    const row = await message(messageId);
    const link = publicUrl(t.deps.config, "/store/acme/orders/ord_1");
    assert.equal(link, "http://localhost:3000/store/acme/orders/ord_1");
    assert.match(row.textBody, /^Hello Ben & <Jerry's>,/);
    assert.ok(row.textBody.includes("  5 x Dropbox Business\n"));
    assert.ok(row.textBody.includes("Total: €750.00"), row.textBody); // formatted like the documents
    assert.ok(row.textBody.includes(`\n${link}\n`));
    assert.ok(row.htmlBody!.includes("Ben &amp; &lt;Jerry&#39;s&gt;"));
    assert.ok(!row.htmlBody!.includes("<Jerry"));
    assert.ok(row.htmlBody!.includes(`<a href="${link}">`));
  });

  it("R-DSH-02: an order placed on the customer's behalf has no total in the email", async () => {
    for (const total of [null, undefined]) {
      const { messageId } = await enqueue({ key: unique("oc"), data: orderData({ total }) });
      const row = await message(messageId);
      assert.ok(!row.textBody.includes("Total"));
      assert.ok(!row.htmlBody!.includes("Total"));
    }
  });

  it("refuses bad input from the calling use case and writes nothing", async () => {
    const key = unique("bad");
    const cases: Array<[Partial<EnqueueEmailInput>, RegExp]> = [
      [{ data: orderData({ statusUrl: "javascript:alert(1)" }) }, /statusUrl/],
      [{ data: orderData({ lines: [] }) }, /lines/],
      [{ data: { orderId: "ord_1" } as unknown as OrderConfirmationData }, /invalid/],
      [{ to: "not-an-address" }, /not an email address/],
      [{ template: "nope" as "order_confirmation" }, /Unknown email template/],
      [{ key: "  " }, /business key/],
    ];
    for (const [input, message] of cases) {
      await assert.rejects(enqueue({ key, ...input }), message);
    }
    assert.equal(await countByKey(key), 0);
  });

  it("without SMTP_URL the job delivers into the stored row: sent, transport 'stored'", async () => {
    const { messageId } = await enqueue({ key: unique("oc") });
    assert.equal(t.deps.mailer.transport, "stored");
    assert.ok((await drainJobs(t.deps, notificationJobHandlers)) >= 1);
    const row = await message(messageId);
    assert.equal(row.status, "sent");
    assert.equal(row.transport, "stored");
    assert.equal(row.providerMessageId, `<${messageId}@openbss>`);
    assert.equal(row.sentAt?.toISOString(), t.clock.now().toISOString());
    assert.equal((await jobsFor(messageId))[0]!.status, "done");
  });

  it("an already-sent message is not sent again (a duplicate delivery of the job)", async () => {
    const { messageId } = await enqueue({ key: unique("oc") });
    await drainJobs(t.deps, notificationJobHandlers);
    const sentAt = (await message(messageId)).sentAt;
    t.clock.advance({ hours: 1 });
    const again = await sendMessage(t.deps, { tenantId, messageId });
    assert.deepEqual(again, { messageId, status: "already_sent" });
    assert.deepEqual((await message(messageId)).sentAt, sentAt);
    // The message belongs to its tenant: the other tenant cannot send it.
    assert.equal(await sendMessage(t.deps, { tenantId: otherTenantId, messageId }), undefined);
  });

  it("failures retry with the outbox's backoff and keep the last error; the last attempt marks it failed", async () => {
    await drainJobs(t.deps, notificationJobHandlers); // nothing of earlier tests left pending
    const unreachable: Deps = {
      ...t.deps,
      mailer: createMailer({
        SMTP_URL: `smtp://127.0.0.1:${await closedPort()}`,
        PUBLIC_URL: "http://x.test",
      }),
    };
    const { messageId } = await enqueue({ key: unique("oc") });
    // One run: a retry whose jittered backoff is ~0 ms would otherwise be claimed again at once.
    assert.equal(await drainJobs(unreachable, notificationJobHandlers, { maxJobs: 1 }), 1);
    let row = await message(messageId);
    assert.equal(row.status, "queued");
    assert.match(row.error ?? "", /ECONNREFUSED|connect/i);
    let [job] = await jobsFor(messageId);
    assert.equal(job!.status, "pending");
    assert.equal(job!.attempts, 1);
    // Rescheduled by the outbox's backoff (full jitter: 0–1 s after the first failure), not dead.
    const rescheduled = await queryOne<{ moved: boolean }>(
      t.deps.db,
      sql`select run_at > created_at as moved from jobs where id = ${job!.id}`,
    );
    assert.equal(rescheduled!.moved, true);

    await drainJobs(unreachable, notificationJobHandlers, { includeDelayed: true });
    [job] = await jobsFor(messageId);
    assert.equal(job!.status, "dead");
    assert.equal(job!.attempts, 8);
    row = await message(messageId);
    assert.equal(row.status, "failed");
    assert.match(row.error ?? "", /ECONNREFUSED|connect/i);

    // An operator retry of the dead job (POST /api/bss/jobs/:id/retry) sends it once the mail flows.
    await queryRows(
      t.deps.db,
      sql`update jobs set status = 'pending', attempts = 0, run_at = now() where id = ${job!.id}`,
    );
    await drainJobs(t.deps, notificationJobHandlers);
    row = await message(messageId);
    assert.equal(row.status, "sent");
    assert.equal(row.error, null);
  });
});
