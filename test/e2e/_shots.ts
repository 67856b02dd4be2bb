import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const info = JSON.parse(
  readFileSync("/tmp/devserver.log", "utf8")
    .split("\n")
    .find((l) => l.startsWith("{"))!,
);
const base = "http://127.0.0.1:3917";
const b = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const width = Number(process.env.W ?? 1280);
const p = await b.newPage({ viewport: { width, height: 800 } });
p.on("console", (m) =>
  m.type() === "error" || m.type() === "warning"
    ? console.log("CONSOLE", m.type(), m.text(), m.location().url)
    : null,
);
p.on("pageerror", (e) => console.log("PAGEERROR", e.message));
await p.goto(`${base}/bss/login`);
await p.getByRole("textbox", { name: "Email" }).fill(info.admin);
await p.getByRole("textbox", { name: "Password", exact: true }).fill("correct horse battery");
await p.getByRole("button", { name: "Sign in" }).click();
await p.waitForURL(`${base}/bss`);
const pages = (process.env.PAGES ?? "")
  .split(",")
  .filter(Boolean)
  .map((s) => s.replace("ALIAS", info.alias).replace("RESELLER", info.resellerA));
for (const path of pages) {
  await p.goto(base + path);
  await p.waitForTimeout(1200);
  const name = path.replace(/[^a-z0-9]+/gi, "_");
  await p.screenshot({ path: `/tmp/shot${name}_${width}.png`, fullPage: true });
  console.log("shot", `/tmp/shot${name}_${width}.png`);
}
await b.close();
