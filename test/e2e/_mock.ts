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
const types = [
  {
    id: "pt_1",
    code: "DBX",
    name: "Dropbox Subscription",
    policies: { minLicences: 3, cancelWindowDays: 14 },
    status: "active",
  },
];
const prod = (i: number) => ({
  id: `prd_${i}`,
  productTypeId: "pt_1",
  sku: `DBX-STD-${i}`,
  name: `Dropbox Standard ${i}`,
  kind: i % 5 === 0 ? "addon" : "base",
  term: ["MCMB", "AC1M", "AC1Y"][i % 3],
  isTrial: i % 7 === 0,
  trialDays: i % 7 === 0 ? 30 : null,
  includedLicences: i % 2 ? 3 : 0,
  minQuantity: 3,
  listPrice: m(`${12 + i}.50`),
  status: "active",
  characteristics: { storage: "5 TB", users: "3+" },
});
const page = (items: unknown[], url: URL) => {
  const limit = Number(url.searchParams.get("limit") ?? 50);
  const offset = Number(url.searchParams.get("offset") ?? 0);
  return { items: items.slice(offset, offset + limit), total: items.length, limit, offset };
};
const all = Array.from({ length: 40 }, (_, i) => prod(i + 1));
let polls = 0;
const run = () => {
  const done = Math.min(polls, 5);
  const status = polls === 0 ? "queued" : done < 5 ? "running" : "succeeded";
  return {
    id: "smr_1",
    action: "get_services_definition",
    status,
    progressDone: done,
    progressTotal: 5,
    createdAt: "2026-01-15T09:00:00Z",
    finishedAt: status === "succeeded" ? "2026-01-15T09:00:05Z" : null,
    log: Array.from({ length: done + 1 }, (_, i) => ({
      at: "2026-01-15T09:00:0" + i + "Z",
      level: i === 2 ? "warn" : "info",
      message: `Step ${i}: importing products batch ${i}`,
    })),
    summary: status === "succeeded" ? { productsCreated: 40, productsUpdated: 0, policies: 12 } : null,
  };
};
await p.route("**/api/bss/**", async (r) => {
  const url = new URL(r.request().url());
  const path = url.pathname;
  if (path === "/api/bss/catalog/product-types") return r.fulfill({ json: page(types, url) });
  if (path === "/api/bss/catalog/products")
    return r.fulfill({
      json: page(
        all.filter((x) => !url.searchParams.get("term") || x.term === url.searchParams.get("term")),
        url,
      ),
    });
  if (path.startsWith("/api/bss/catalog/products/"))
    return r.fulfill({
      json: {
        ...prod(1),
        description: "For small teams",
        cost: m("10.00"),
        addons: [prod(5)],
        upgrades: [{ product: prod(2) }],
        downgrades: [],
        policies: { decrease: "at_renewal", cancelWindowDays: 14, changeChannels: ["bss", "storefront"] },
      },
    });
  if (path === "/api/bss/catalog/price-lists")
    return r.fulfill({
      json: page(
        [
          {
            id: "pl_1",
            name: "Default",
            currency: "EUR",
            isDefault: true,
            ownerAccountId: null,
            markupBasisPoints: null,
          },
          {
            id: "pl_2",
            name: "Reseller A markup",
            currency: "EUR",
            isDefault: false,
            ownerAccountId: info.resellerA,
            markupBasisPoints: 1250,
          },
        ],
        url,
      ),
    });
  if (path.endsWith("/entries"))
    return r.fulfill({
      json: page(
        all.map((x) => ({
          productId: x.id,
          sku: x.sku,
          productName: x.name,
          term: x.term,
          unitPrice: x.listPrice,
          cost: m("9.00"),
        })),
        url,
      ),
    });
  if (path === "/api/bss/service-managers")
    return r.fulfill({ json: page([{ id: "smi_1", vendor: "dropbox", name: "Dropbox" }], url) });
  if (path === "/api/bss/service-managers/smi_1/runs")
    return r.fulfill({ json: page(polls ? [run()] : [], url) });
  if (path === "/api/bss/service-managers/smi_1/get-services-definition")
    return r.fulfill({ status: 202, json: { run: run() } });
  if (path === "/api/bss/service-manager-runs/smr_1") {
    polls++;
    return r.fulfill({ json: run() });
  }
  return r.fallback();
});
await p.goto(`${base}/bss/login`);
await p.getByRole("textbox", { name: "Email" }).fill(info.admin);
await p.getByRole("textbox", { name: "Password", exact: true }).fill("correct horse battery");
await p.getByRole("button", { name: "Sign in" }).click();
await p.waitForURL(`${base}/bss`);
const shot = async (n: string) => {
  await p.waitForTimeout(900);
  await p.screenshot({ path: `/tmp/m_${n}_${width}.png`, fullPage: true });
  console.log(`/tmp/m_${n}_${width}.png`);
};
await shot("dashboard");
await p.goto(`${base}/bss/catalogue?term=AC1Y`);
await shot("products");
await p.goto(`${base}/bss/catalogue/product-types`);
await shot("types");
await p.goto(`${base}/bss/catalogue/products/prd_1`);
await shot("product");
await p.goto(`${base}/bss/price-lists`);
await shot("pricelists");
await p.getByRole("link", { name: "Reseller A markup" }).click();
await shot("pricelist");
await p.goto(`${base}/bss/service-managers/smi_1`);
await shot("sm-empty");
await p.getByRole("button", { name: "Get Services Definition" }).click();
await p.waitForTimeout(2500);
await shot("sm-running");
await p.getByText("Summary").waitFor({ timeout: 15000 });
await shot("sm-done");
await b.close();
