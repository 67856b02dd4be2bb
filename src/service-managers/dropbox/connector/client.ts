import {
  DropboxAuthError,
  type DropboxError,
  DropboxRateLimitedError,
  DropboxUnknownOutcomeError,
  type Failure,
  toDropboxError,
} from "./errors.ts";

/**
 * The HTTP client for the vendor's API (the sandbox in dev/test, the partner API in production:
 * only `baseUrl` and the credentials differ). It owns the access token (fetched on first use,
 * refreshed once on a 401), the per-request timeout, and retries with exponential backoff and
 * full jitter that honour Retry-After. Every failure leaves as a typed DropboxError.
 */
export interface DropboxClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Attempts per call, the first included (default 4). */
  maxAttempts?: number;
  /** Backoff: attempt n waits random() × min(maxDelayMs, baseDelayMs × 2^(n-1)) (default 200 ms / 10 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited here: the caller (a job) reschedules. Default 60 s. */
  maxRetryAfterMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
  /** Observes every retry (logs, metrics, tests). */
  onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  route: string;
  attempt: number;
  delayMs: number;
  error: DropboxError;
}

/**
 * How safe a call is to repeat: reads always; `idempotent` mutations send a target state, so a
 * repeat after a lost answer is harmless; `unsafe` ones (creating a team) are never re-sent after
 * an unknown outcome — the caller reconciles first (ensureTeam).
 */
export type CallSafety = "read" | "idempotent" | "unsafe";

export interface ClientStats {
  requests: number;
  retries: number;
  tokenFetches: number;
}

interface TokenState {
  accessToken: string;
  refreshToken: string | undefined;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class DropboxClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, tokenFetches: 0 };
  private readonly o: Required<Omit<DropboxClientOptions, "onRetry">> & Pick<DropboxClientOptions, "onRetry">;
  private token: Promise<TokenState> | undefined;

  constructor(options: DropboxClientOptions) {
    this.o = {
      timeoutMs: 10_000,
      maxAttempts: 4,
      baseDelayMs: 200,
      maxDelayMs: 10_000,
      maxRetryAfterMs: 60_000,
      random: Math.random,
      sleep: defaultSleep,
      fetch: globalThis.fetch,
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ""),
    };
  }

  /** `POST /2/<route>` with retries as the call's safety allows. */
  async call<T>(route: string, body: Record<string, unknown>, safety: CallSafety): Promise<T> {
    const mutation = safety !== "read";
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.callWithToken<T>(route, body, mutation);
      } catch (e) {
        const error = e as DropboxError;
        const delayMs = this.retryDelay(error, attempt, safety);
        if (delayMs === undefined) throw error;
        this.stats.retries++;
        this.o.onRetry?.({ route, attempt, delayMs, error });
        await this.o.sleep(delayMs);
      }
    }
  }

  /** undefined = give the error to the caller. */
  private retryDelay(error: DropboxError, attempt: number, safety: CallSafety): number | undefined {
    if (attempt >= this.o.maxAttempts || !error.retryable) return undefined;
    if (error instanceof DropboxRateLimitedError)
      return error.retryAfterMs <= this.o.maxRetryAfterMs ? error.retryAfterMs : undefined;
    // Re-sending a create whose answer was lost could make a second team: the caller reconciles.
    if (error instanceof DropboxUnknownOutcomeError && safety === "unsafe") return undefined;
    // Full jitter (AWS architecture blog): spreads retries of many workers over the whole window.
    return Math.round(this.o.random() * Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (attempt - 1)));
  }

  /** One attempt; a 401 gets one token refresh and one repeat (nothing was done on a 401). */
  private async callWithToken<T>(
    route: string,
    body: Record<string, unknown>,
    mutation: boolean,
  ): Promise<T> {
    const first = await this.accessToken();
    try {
      return await this.send<T>(route, body, mutation, first.accessToken);
    } catch (e) {
      if ((e as DropboxError).status !== 401) throw e;
      const renewed = await this.renewToken(first);
      return this.send<T>(route, body, mutation, renewed.accessToken);
    }
  }

  private async send<T>(
    route: string,
    body: Record<string, unknown>,
    mutation: boolean,
    token: string,
  ): Promise<T> {
    const res = await this.request(route, mutation, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return (await res.json()) as T;
  }

  /** fetch with the timeout; a non-2xx answer or a transport failure becomes a typed error. */
  private async request(route: string, mutation: boolean, init: RequestInit): Promise<Response> {
    this.stats.requests++;
    const url = route.startsWith("oauth2/") ? `${this.o.baseUrl}/${route}` : `${this.o.baseUrl}/2/${route}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.o.timeoutMs);
    let res: Response;
    try {
      res = await this.o.fetch(url, { ...init, signal: controller.signal });
      if (res.ok) {
        // The body is part of the answer: a timeout while reading it is a lost answer too.
        const text = await res.text();
        return new Response(text, { status: res.status, headers: res.headers });
      }
    } catch (e) {
      const f: Failure = controller.signal.aborted
        ? { type: "timeout" }
        : { type: "network", sent: !isRefused(e) };
      throw toDropboxError(f, mutation, { route, message: `${route}: ${describe(f)}`, cause: e });
    } finally {
      clearTimeout(timer);
    }
    throw await errorFromResponse(route, res, mutation);
  }

  private accessToken(): Promise<TokenState> {
    this.token ??= this.fetchToken({ grant_type: "client_credentials" }).catch((e) => {
      this.token = undefined;
      throw e;
    });
    return this.token;
  }

  /** Concurrent 401s share one refresh: only the first caller whose token failed starts it. */
  private renewToken(failed: TokenState): Promise<TokenState> {
    const current = this.token;
    if (current) {
      const renewing = current.then((t) => (t.accessToken === failed.accessToken ? undefined : t));
      return renewing.then((t) => t ?? this.startRenewal(failed));
    }
    return this.startRenewal(failed);
  }

  private startRenewal(failed: TokenState): Promise<TokenState> {
    const grant = failed.refreshToken
      ? this.fetchToken({ grant_type: "refresh_token", refresh_token: failed.refreshToken }).then(
          (t) => ({ ...t, refreshToken: t.refreshToken ?? failed.refreshToken }),
          // A refused refresh token: start over with the client credentials.
          () => this.fetchToken({ grant_type: "client_credentials" }),
        )
      : this.fetchToken({ grant_type: "client_credentials" });
    this.token = grant.catch((e) => {
      this.token = undefined;
      throw e;
    });
    return this.token;
  }

  private async fetchToken(params: Record<string, string>): Promise<TokenState> {
    this.stats.tokenFetches++;
    const res = await this.request("oauth2/token", false, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        ...params,
        client_id: this.o.clientId,
        client_secret: this.o.clientSecret,
      }),
    }).catch((e: DropboxError) => {
      // The token endpoint answers 400/401 for bad credentials or grants: that is an auth problem.
      if (e.status === 400 || e.status === 401)
        throw new DropboxAuthError(`token refused: ${e.message}`, {
          route: e.route,
          status: e.status,
          cause: e,
        });
      throw e;
    });
    const json = (await res.json()) as { access_token: string; refresh_token?: string };
    return { accessToken: json.access_token, refreshToken: json.refresh_token };
  }
}

function isRefused(e: unknown): boolean {
  const code = (e as { cause?: { code?: string } }).cause?.code;
  return code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
}

function describe(f: Failure): string {
  if (f.type === "timeout") return "no answer before the timeout";
  if (f.type === "network") return f.sent ? "connection lost" : "could not connect";
  return `HTTP ${f.status}${f.tag ? ` ${f.tag}` : ""}`;
}

async function errorFromResponse(route: string, res: Response, mutation: boolean): Promise<DropboxError> {
  const text = await res.text().catch(() => "");
  let json: { error?: { ".tag"?: string; error?: string }; user_message?: { text?: string } } | undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const tag = typeof json?.error === "object" ? json.error[".tag"] : undefined;
  const retryAfter = Number(res.headers.get("retry-after"));
  const f: Failure = { type: "http", status: res.status, ...(tag && { tag }) };
  return toDropboxError(f, mutation, {
    route,
    status: res.status,
    tag,
    userMessage: json?.user_message?.text,
    requestId: res.headers.get("x-dropbox-request-id") ?? undefined,
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
    message: `${route}: ${describe(f)}${json ? "" : text ? `: ${text.slice(0, 300)}` : ""}`,
  });
}
