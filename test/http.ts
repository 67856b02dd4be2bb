import type { LightMyRequestResponse } from "fastify";
import type { App } from "../src/http/app.ts";
import { buildServer } from "../src/http/server.ts";
import { TEST_PASSWORD } from "./factories.ts";
import { createTestContext, type TestContext } from "./harness.ts";

/** An API server on a test database, driven with fastify.inject (real routing, hooks and schemas). */
export interface TestApp extends TestContext {
  app: App;
}

export async function createTestApp(options: { start?: string; serveWeb?: boolean } = {}): Promise<TestApp> {
  const ctx = await createTestContext(options);
  const app = await buildServer(ctx.deps, { serveWeb: options.serveWeb ?? false });
  await app.ready();
  return {
    ...ctx,
    app,
    async close() {
      await app.close();
      await ctx.close();
    },
  };
}

/** Signs in and returns the Cookie header to send with later requests. */
export async function signIn(app: App, email: string, area: "bss" | "storefront", password = TEST_PASSWORD) {
  const res = await app.inject({
    method: "POST",
    url: `/api/${area}/auth/login`,
    payload: { email, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "openbss_session");
  if (!cookie) throw new Error("no session cookie");
  return { cookie: `openbss_session=${cookie.value}` };
}

// biome-ignore lint/suspicious/noExplicitAny: test helper, callers pick the shape.
export function json<T = any>(res: LightMyRequestResponse): T {
  return res.json() as T;
}
