import { seedDemo } from "../../src/demo/seed-demo.ts";
import { buildServer } from "../../src/http/server.ts";
import { startWorker } from "../../src/jobs/index.ts";
import { jobHandlers } from "../../src/jobs/registry.ts";
import { createTestContext } from "../harness.ts";

const ctx = await createTestContext();
const t0 = Date.now();
await seedDemo(ctx.deps);
console.error("seeded in", Date.now() - t0, "ms");
startWorker(ctx.deps, jobHandlers);
const app = await buildServer(ctx.deps);
await app.listen({ port: 3917, host: "127.0.0.1" });
console.log(JSON.stringify({ admin: "admin@distributor.demo", sf: "owner@skyline.demo", alias: "skyline" }));
