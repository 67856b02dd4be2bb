import { chromium } from "playwright-core";

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
await p.getByRole("textbox", { name: "Email" }).fill("admin@distributor.demo");
await p.getByRole("textbox", { name: "Password", exact: true }).fill("openbss-demo");
await p.getByRole("button", { name: "Sign in" }).click();
await p.waitForURL(`${base}/bss`);
await p.goto(`${base}/bss/catalogue?q=DBX-ADV-AC1Y`);
await p.locator("a[href^='/bss/catalogue/products/']").first().click();
await p.waitForTimeout(800);
for (const name of (process.env.OPEN ?? "").split(",").filter(Boolean))
  await p.getByRole("button", { name }).first().click();
await p.waitForTimeout(500);
await p.screenshot({ path: `/tmp/one_${width}.png`, fullPage: true });
await b.close();
