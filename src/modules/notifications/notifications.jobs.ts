/**
 * Job handlers of notifications.
 *
 * notifications.send — key: the message id; payload { messageId }; tenant: the message's tenant.
 * Idempotency: the message row says whether it was sent; a sent message is never sent again, so a
 * duplicate delivery of the job returns at once (see sendMessage for the crash window).
 * Retries: a connection or 4xx SMTP failure is retried with the outbox's backoff (at most 8
 * attempts, the default); every failure stores its error on the message, which stays `queued`.
 * An SMTP 5xx refusal (the server says retrying cannot help) or the last attempt marks the
 * message `failed` and dead-letters the job; an operator retry of that job sends it again.
 */
import type { Deps } from "../../deps.ts";
import {
  DEFAULT_MAX_ATTEMPTS,
  type JobHandler,
  type JobRecord,
  PermanentJobError,
} from "../../jobs/index.ts";
import { recordMessageFailure } from "./notifications.repo.ts";
import { SEND_MESSAGE_JOB } from "./notifications.types.ts";
import { PermanentMailError, sendMessage } from "./send-message.ts";

const sendMessageHandler: JobHandler = {
  kind: SEND_MESSAGE_JOB,
  maxAttempts: DEFAULT_MAX_ATTEMPTS,
  async handle(deps: Deps, job: JobRecord) {
    const messageId = (job.payload as { messageId?: unknown } | null)?.messageId;
    if (typeof messageId !== "string" || !job.tenantId)
      throw new PermanentJobError(`job ${job.id} has no messageId or tenant`);
    const tenantId = job.tenantId;
    try {
      const outcome = await sendMessage(deps, { tenantId, messageId });
      if (!outcome) throw new PermanentJobError(`message ${messageId} does not exist`);
      return outcome;
    } catch (e) {
      if (e instanceof PermanentJobError) throw e;
      const permanent = e instanceof PermanentMailError;
      const error = e instanceof Error ? e.message : String(e);
      await recordMessageFailure(deps.db, tenantId, messageId, {
        error,
        final: permanent || job.attempts >= job.maxAttempts,
      });
      if (permanent) throw new PermanentJobError(error, { cause: e });
      throw e;
    }
  },
};

export const notificationJobHandlers: JobHandler[] = [sendMessageHandler];
