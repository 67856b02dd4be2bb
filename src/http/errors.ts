import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { AppError, statusOf } from "../shared/errors.ts";

/** The one error shape: { error: { code, message, details?, requestId } }. 5xx never leak internals. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown>; requestId: string };
}

export function errorBody(
  code: string,
  message: string,
  requestId: string,
  details?: Record<string, unknown>,
): ErrorBody {
  return { error: { code, message, ...(details ? { details } : {}), requestId } };
}

interface Issue {
  path: string;
  message: string;
}

function issuesOf(err: FastifyError): Issue[] {
  // fastify-type-provider-zod maps each zod issue to { keyword: code, instancePath, message, params }.
  const validation = (err.validation ?? []) as Array<{
    keyword?: string;
    instancePath?: string;
    message?: string;
    params?: { keys?: string[] };
  }>;
  const context = err.validationContext ?? "body";
  const out: Issue[] = [];
  for (const v of validation) {
    const base = (v.instancePath ?? "").replace(/^\//, "").replaceAll("/", ".");
    if (v.keyword === "unrecognized_keys" && v.params?.keys?.length) {
      for (const key of v.params.keys)
        out.push({ path: [context, base, key].filter(Boolean).join("."), message: "Unknown field" });
      continue;
    }
    out.push({ path: [context, base].filter(Boolean).join("."), message: v.message ?? "Invalid value" });
  }
  return out;
}

export function handleError(
  err: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const requestId = String(request.id);
  if (err instanceof AppError) {
    const status = statusOf(err.code);
    if (status >= 500) request.log.error({ err }, "request failed");
    return reply.status(status).send(errorBody(err.code, err.message, requestId, err.details));
  }
  const fe = err as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fe)) {
    const issues = issuesOf(fe);
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    return reply
      .status(400)
      .send(errorBody("validation_failed", `Invalid request — ${summary}`, requestId, { issues }));
  }
  if (isResponseSerializationError(fe)) {
    request.log.error({ err }, "response did not match its schema");
    return reply.status(500).send(errorBody("internal", "Internal error", requestId));
  }
  switch (fe.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return reply
        .status(400)
        .send(errorBody("bad_request", `Malformed JSON body: ${fe.message}`, requestId));
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return reply
        .status(413)
        .send(errorBody("payload_too_large", "The request body is too large", requestId));
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return reply
        .status(415)
        .send(errorBody("unsupported_media_type", "Send the body as application/json", requestId));
  }
  if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe.statusCode === 404 ? "not_found" : fe.statusCode === 429 ? "rate_limited" : "bad_request";
    return reply.status(fe.statusCode).send(errorBody(code, fe.message, requestId));
  }
  request.log.error({ err }, "unexpected error");
  return reply.status(500).send(errorBody("internal", "Internal error", requestId));
}
