/**
 * The load generator of `npm run bench:orders`: `concurrency` clients that each POST
 * /api/bss/orders in a loop for `seconds` (a Dropbox plan with a fresh team-admin email, so every
 * order is executed into a subscription, R-ORD-08), round-robin over the API `targets`.
 *
 * It runs inside the bench process (`runLoad`) or as a child process of it (`--load child`:
 * started with an IPC channel, it receives one `LoadPlan` message and answers one `LoadResult`),
 * so the client's CPU can be kept out of the API process when measuring.
 */
import { Agent, request } from "node:http";

export interface LoadPlan {
  targets: string[];
  /** Orders go round-robin over the tenants (each with its clerk's session, customers and plans). */
  tenants: TenantPlan[];
  run: string;
  seconds: number;
  concurrency: number;
  client: "http" | "fetch";
  warmup: number;
}

export interface TenantPlan {
  cookie: string;
  customers: string[];
  monthlyProductId: string;
  annualProductId: string;
}

export interface LoadResult {
  /** Latencies of the measured phase in ms, sorted. */
  latencies: number[];
  errors: number;
  firstErrors: string[];
  elapsedSeconds: number;
  /** CPU of the process that ran the load (µs), measured phase only. */
  cpuMicros: number;
  sent: number;
}

export async function runLoad(
  plan: LoadPlan,
  hooks: { onMeasureStart?: () => void } = {},
): Promise<LoadResult> {
  // node:http with keep-alive costs less CPU per request than fetch (web streams).
  const agents = plan.targets.map(() => new Agent({ keepAlive: true, maxSockets: plan.concurrency }));
  const urls = plan.targets.map((t) => new URL(t));
  const viaFetch = async (target: number, path: string, payload: string, cookie: string) => {
    const res = await fetch(`${plan.targets[target]}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: payload,
    });
    await res.arrayBuffer();
    return res.status;
  };
  const viaHttp = (target: number, path: string, payload: string, cookie: string) =>
    new Promise<number>((resolve, reject) => {
      const url = urls[target]!;
      const req = request(
        {
          agent: agents[target],
          host: url.hostname,
          port: url.port,
          path,
          method: "POST",
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(payload),
            cookie,
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  const post = plan.client === "fetch" ? viaFetch : viaHttp;
  let seq = 0;
  const order = async (): Promise<number> => {
    const n = seq++;
    const tenant = plan.tenants[n % plan.tenants.length]!;
    const k = Math.floor(n / plan.tenants.length);
    const body = {
      accountId: tenant.customers[k % tenant.customers.length],
      lines: [
        {
          productId: k % 5 === 0 ? tenant.annualProductId : tenant.monthlyProductId,
          quantity: 3 + (n % 7),
          serviceDetails: { resellerId: "BENCH", adminEmail: `${plan.run}-${n}@bench.test` },
        },
      ],
    };
    const started = performance.now();
    const status = await post(
      n % plan.targets.length,
      "/api/bss/orders",
      JSON.stringify(body),
      tenant.cookie,
    );
    if (status !== 201) throw new Error(`order ${n} answered ${status}`);
    return performance.now() - started;
  };

  // Warm-up: caches, JIT, connections (every target gets some).
  for (let i = 0; i < plan.warmup; i++) await order();
  const latencies: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  hooks.onMeasureStart?.();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + plan.seconds * 1000;
  await Promise.all(
    Array.from({ length: plan.concurrency }, async () => {
      while (performance.now() < deadline) {
        try {
          latencies.push(await order());
        } catch (e) {
          errors += 1;
          if (firstErrors.length < 3) firstErrors.push((e as Error).message);
        }
      }
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  for (const a of agents) a.destroy();
  latencies.sort((a, b) => a - b);
  return { latencies, errors, firstErrors, elapsedSeconds, cpuMicros: cpu.user + cpu.system, sent: seq };
}

// As a child process: one plan in, one result out.
if (process.send && process.argv.includes("--orders-load-child")) {
  process.once("message", async (plan: LoadPlan) => {
    try {
      const result = await runLoad(plan, { onMeasureStart: () => process.send!({ measuring: true }) });
      process.send!({ result }, () => process.exit(0));
    } catch (e) {
      process.send!({ error: (e as Error).stack ?? String(e) }, () => process.exit(1));
    }
  });
}
