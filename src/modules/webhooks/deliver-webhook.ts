import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { performance } from "node:perf_hooks";
import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { enqueueDeliveryAttempt } from "./emit-webhook-event.ts";
import { AddressRefused, type ResolvedAddress, resolveDeliveryAddress, urlFormProblem } from "./url-guard.ts";
import {
  failPendingDelivery,
  findDelivery,
  findEndpoint,
  findEvent,
  recordAttempt,
} from "./webhooks.repo.ts";
import { isSuccessStatus, retryDelayMs, signWebhook } from "./webhooks.rules.ts";
import type { DeliverJobPayload, DeliveryStatus } from "./webhooks.types.ts";

/** How long one attempt may take (connect, send, answer). */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** How much of the receiver's answer the log keeps. */
export const RESPONSE_BODY_LIMIT = 2048;

export interface AttemptOutcome {
  outcome: "succeeded" | "retry" | "failed" | "skipped";
  statusCode?: number | null;
  reason?: string;
}

/**
 * One HTTP attempt of one delivery (the `webhooks.deliver` job), per the Standard Webhooks
 * specification: POST the event's stored body with `webhook-id` (the event id: the same on every
 * retry and replay), `webhook-timestamp` (this attempt, unix seconds, real time) and
 * `webhook-signature` (`v1,` + HMAC-SHA256 with the endpoint's current secret). The host is
 * resolved and checked again now (DNS rebinding) and the connection goes to the checked address;
 * redirects are not followed. The attempt is logged, then the next one is scheduled or the
 * delivery ends. Idempotent on (delivery, attempt): a duplicate run of the job finds the attempt
 * recorded and does nothing — except when a worker died between the request and the record, in
 * which case the receiver sees the same webhook-id again (at-least-once, as the spec expects).
 */
export async function deliverWebhook(
  deps: Deps,
  tenantId: string,
  job: DeliverJobPayload,
): Promise<AttemptOutcome> {
  const delivery = await findDelivery(deps.db, tenantId, job.deliveryId);
  if (!delivery) return { outcome: "skipped", reason: "the delivery no longer exists (endpoint deleted)" };
  if (delivery.status !== "pending" || delivery.attempts >= job.attempt)
    return { outcome: "skipped", reason: `attempt ${job.attempt} is already recorded` };
  const endpoint = await findEndpoint(deps.db, tenantId, delivery.endpointId);
  const event = await findEvent(deps.db, tenantId, delivery.eventId);
  if (!endpoint || !event) return { outcome: "skipped", reason: "the endpoint or event no longer exists" };
  if (!endpoint.enabled) {
    await failPendingDelivery(
      deps.db,
      tenantId,
      delivery.id,
      "The endpoint was disabled before this attempt",
    );
    return { outcome: "failed", reason: "endpoint disabled" };
  }

  const startedAt = new Date();
  const t0 = performance.now();
  const timestamp = Math.floor(startedAt.getTime() / 1000);
  let statusCode: number | null = null;
  let responseBody: string | null = null;
  let error: string | null = null;
  try {
    const form = urlFormProblem(endpoint.url, deps.clock.kind);
    if (form) throw new AddressRefused(`The URL ${form}`);
    const url = new URL(endpoint.url);
    const target = await resolveDeliveryAddress(url, deps.clock.kind);
    const answer = await post(
      url,
      target,
      {
        "content-type": "application/json",
        "user-agent": "openbss-webhooks/1",
        "webhook-id": event.id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signWebhook(endpoint.secret, event.id, timestamp, event.body),
      },
      event.body,
    );
    statusCode = answer.statusCode;
    responseBody = answer.body;
  } catch (e) {
    error = describe(e);
  }
  const durationMs = Math.max(0, Math.round(performance.now() - t0));
  const success = statusCode !== null && isSuccessStatus(statusCode);
  const delay = success ? null : retryDelayMs(job.attempt);
  const status: DeliveryStatus = success ? "succeeded" : delay === null ? "failed" : "pending";
  const nextAttemptAt = delay === null ? null : new Date(Date.now() + delay);
  const lastError = success ? null : (error ?? `The endpoint answered HTTP ${statusCode}`);

  const recorded = await transaction(deps.db, async (tx) => {
    const ok = await recordAttempt(
      tx,
      {
        id: deps.ids.next("wha"),
        tenantId,
        deliveryId: delivery.id,
        attempt: job.attempt,
        startedAt,
        durationMs,
        statusCode,
        responseBody,
        error,
        success,
      },
      { status, nextAttemptAt, statusCode, error: lastError },
    );
    if (ok && nextAttemptAt)
      await enqueueDeliveryAttempt(
        deps,
        tx,
        tenantId,
        { deliveryId: delivery.id, attempt: job.attempt + 1 },
        nextAttemptAt,
      );
    return ok;
  });
  if (!recorded) return { outcome: "skipped", reason: `attempt ${job.attempt} was recorded by another run` };
  return {
    outcome: success ? "succeeded" : status === "failed" ? "failed" : "retry",
    statusCode,
    ...(lastError ? { reason: lastError } : {}),
  };
}

function describe(e: unknown): string {
  const err = e as { code?: unknown; message?: unknown };
  const message = typeof err?.message === "string" ? err.message : String(e);
  const code = typeof err?.code === "string" && !message.includes(err.code) ? ` (${err.code})` : "";
  return `${message}${code}`.slice(0, 2000);
}

/** Text the database can hold: no NUL (PostgreSQL text refuses it). */
function storable(text: string): string {
  return text.replaceAll("\u0000", "");
}

/**
 * POSTs `body` to `url`, connecting to `target` (the address checked, never a second lookup),
 * without following redirects, within DELIVERY_TIMEOUT_MS; keeps the first 2 KB of the answer.
 */
function post(
  url: URL,
  target: ResolvedAddress,
  headers: Record<string, string>,
  body: string,
): Promise<{ statusCode: number; body: string }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const pinned: LookupFunction = (_host, options, callback) => {
      if ((options as { all?: boolean }).all)
        (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
          { address: target.address, family: target.family },
        ]);
      else callback(null, target.address, target.family);
    };
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        agent: false,
        lookup: pinned,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const text = Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString("utf8");
          resolve({ statusCode: res.statusCode ?? 0, body: storable(text) });
        };
        res.on("data", (chunk: Buffer) => {
          if (size < RESPONSE_BODY_LIMIT) {
            chunks.push(chunk);
            size += chunk.length;
          }
          if (size >= RESPONSE_BODY_LIMIT) {
            finish();
            res.destroy();
          }
        });
        res.on("end", finish);
        res.on("close", finish);
        res.on("error", finish);
      },
    );
    const timer = setTimeout(
      () => req.destroy(new Error(`No answer within ${DELIVERY_TIMEOUT_MS / 1000} s`)),
      DELIVERY_TIMEOUT_MS,
    );
    req.on("error", (e) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(e);
    });
    req.end(body);
  });
}
