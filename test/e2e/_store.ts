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
const m = (d: string) => ({ currency: "EUR", minor: d.replace(".", ""), decimal: d });
await p.route("**/api/storefront/stores/*", (r) =>
  r.fulfill({
    json: {
      reseller: { name: "Acme Cloud Reseller", alias: info.alias },
      groups: [
        {
          id: "grp_1",
          name: "Dropbox Business",
          description: "Plans for teams",
          products: [
            {
              id: "p1",
              sku: "DBX-STD-AC1Y",
              name: "Dropbox Standard",
              term: "AC1Y",
              price: m("144.00"),
              description: "5 TB for the team",
            },
            {
              id: "p2",
              sku: "DBX-ADV-AC1Y",
              name: "Dropbox Advanced",
              term: "AC1Y",
              price: m("216.00"),
              isTrial: false,
            },
            {
              id: "p3",
              sku: "DBX-ADV-TRIAL",
              name: "Dropbox Advanced Trial",
              term: "MCMB",
              price: m("0.00"),
              isTrial: true,
              trialDays: 30,
            },
          ],
        },
      ],
      products: [
        { id: "p4", sku: "SIGN-STD-MCMB", name: "Dropbox Sign Standard", term: "MCMB", price: m("15.00") },
      ],
    },
  }),
);
const shot = async (n: string) => {
  await p.waitForTimeout(800);
  await p.screenshot({ path: `/tmp/store_${n}_${width}.png`, fullPage: true });
  console.log(`/tmp/store_${n}_${width}.png`);
};
await p.goto(`${base}/store/${info.alias}`);
await shot("front");
await p.getByRole("link", { name: "Sign in" }).click();
await p.getByRole("textbox", { name: "Email" }).fill(info.sf);
await p.getByRole("textbox", { name: "Password", exact: true }).fill("correct horse battery");
await p.getByRole("button", { name: "Sign in" }).click();
await p.waitForURL(`**/account`);
await shot("account");
await p.reload();
await shot("account-reload");
await p.getByRole("button", { name: "Sign out" }).click();
await p.waitForURL(`${base}/store/${info.alias}`);
await p.goto(`${base}/store/${info.alias}/account`);
await p.waitForURL(`**/login`);
await shot("login-redirect");
await b.close();
