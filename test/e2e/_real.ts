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
p.on("response", (r) => {
  if (r.status() >= 400) console.log("HTTP", r.status(), r.url());
});
const shot = async (n: string) => {
  await p.waitForTimeout(1000);
  await p.screenshot({ path: `/tmp/r_${n}_${width}.png`, fullPage: true });
  console.log(`/tmp/r_${n}_${width}.png`);
};
await p.goto(`${base}/bss/login`);
await p.getByRole("textbox", { name: "Email" }).fill("admin@distributor.demo");
await p.getByRole("textbox", { name: "Password", exact: true }).fill("openbss-demo");
await p.getByRole("button", { name: "Sign in" }).click();
await p.waitForURL(`${base}/bss`);
await shot("dashboard");
await p.goto(`${base}/bss/accounts`);
await shot("accounts");
await p.getByRole("link", { name: "Skyline IT" }).first().click();
await shot("account");
await p.goto(`${base}/bss/catalogue`);
await shot("products");
await p.getByRole("searchbox", { name: "Search" }).fill("advanced");
await shot("products-search");
await p.locator("a[href^='/bss/catalogue/products/']").first().click();
await shot("product");
await p.goto(`${base}/bss/catalogue/product-types`);
await shot("types");
await p.goto(`${base}/bss/price-lists`);
await shot("pricelists");
await p.locator("a[href^='/bss/price-lists/']").first().click();
await shot("pricelist");
await p.goto(`${base}/bss/service-managers`);
await shot("sms");
await p.locator("a[href^='/bss/service-managers/']").first().click();
await shot("sm");
await p.getByRole("button", { name: "Get Services Definition" }).click();
await p.waitForTimeout(300);
await shot("sm-started");
await p.waitForTimeout(4000);
await shot("sm-after");
await p.getByTestId("user-menu").click();
await p.getByRole("menuitem", { name: "Sign out" }).click();
await p.waitForURL(`${base}/bss/login`);
await shot("signedout");
await p.goto(`${base}/store/skyline`);
await shot("store");
await p.getByRole("link", { name: "Sign in" }).click();
await p.getByRole("textbox", { name: "Email" }).fill("owner@skyline.demo");
await p.getByRole("textbox", { name: "Password", exact: true }).fill("openbss-demo");
await p.getByRole("button", { name: "Sign in" }).click();
await p.waitForURL(`**/account`);
await shot("store-account");
await b.close();
