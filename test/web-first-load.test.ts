import assert from "node:assert/strict";
import { execSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

/**
 * "Fast to load" (issue 16): the JavaScript a browser fetches before a page can show is under
 * 300 KB compressed, for every page of the back office and of the Storefront.
 *
 * The first load of a page is the entry script of index.html with the chunks it imports
 * statically (its <link rel="modulepreload"> list), plus the chunk of each lazy route on the
 * way to the page (layouts, guards, the page) with their static imports. The graph comes from
 * vite's build manifest; the sizes are those of the .br and .gz files the build wrote, which
 * are the bytes the server sends (src/http/server.ts, preCompressed).
 */

const DIST = fileURLToPath(new URL("../web/dist/", import.meta.url));
const BUDGET = 300 * 1000; // bytes of compressed JavaScript

interface Chunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, Chunk>;

/** The lazy routes a page sits under, by source path (router.tsx, store.routes.tsx). */
function routeChain(src: string): string[] {
  if (src.startsWith("src/bss/")) {
    if (src === "src/bss/BssLoginPage.tsx") return [src];
    const chain = ["src/bss/BssLayout.tsx", "src/bss/session.tsx"];
    if (/^src\/bss\/catalog\/(Products|ProductTypes|UpgradePaths|Publishing)Page\.tsx$/.test(src))
      chain.push("src/bss/catalog/CatalogLayout.tsx");
    return [...chain, src];
  }
  const chain = ["src/store/StoreLayout.tsx", "src/store/StoreSession.tsx"];
  if (src.startsWith("src/store/billing/")) chain.push("src/store/billing/BillingLayout.tsx");
  return [...chain, src];
}

/** The chunk files loaded first for a page: the entry's static graph and its route chain's. */
function firstLoad(manifest: Manifest, chain: string[]): Set<string> {
  const keyOfSrc = new Map<string, string>();
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.src) keyOfSrc.set(chunk.src, key);
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    assert.ok(chunk, `manifest has ${key}`);
    files.add(chunk.file);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  visit("index.html");
  for (const src of chain) {
    // A module no route loads lazily is inside another chunk (or the entry): nothing more to fetch.
    const key = keyOfSrc.get(src);
    if (key) visit(key);
  }
  return files;
}

/** The chunk(s) of the charts library (the "charts" group of web/vite.config.ts). */
const chartChunks = (manifest: Manifest) =>
  Object.values(manifest)
    .filter((c) => c.name === "charts" && c.file.endsWith(".js"))
    .map((c) => c.file);

const size = (file: string) => statSync(`${DIST}${file}`).size;

function measure(files: Iterable<string>) {
  let raw = 0;
  let br = 0;
  let gz = 0;
  for (const file of files) {
    if (!file.endsWith(".js")) continue;
    raw += size(file);
    // Files under 1 KB are not compressed (web/vite.config.ts): they are sent as they are.
    br += existsSync(`${DIST}${file}.br`) ? size(`${file}.br`) : size(file);
    gz += existsSync(`${DIST}${file}.gz`) ? size(`${file}.gz`) : size(file);
  }
  return { raw, br, gz };
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

describe("web app: first load under 300 KB of compressed JavaScript (issue 16)", () => {
  let manifest: Manifest;
  let pages: string[];
  before(() => {
    if (!existsSync(`${DIST}.vite/manifest.json`)) execSync("npm run build:web", { stdio: "ignore" });
    manifest = JSON.parse(readFileSync(`${DIST}.vite/manifest.json`, "utf8")) as Manifest;
    pages = Object.values(manifest)
      .filter((c) => c.isDynamicEntry && c.src && /Page\.tsx$/.test(c.src))
      .map((c) => c.src as string)
      .sort();
  });

  it("splits by area: every page is a lazy chunk, vendors are chunks of their own", () => {
    const entry = manifest["index.html"];
    assert.ok(entry?.isEntry);
    for (const src of [
      "src/bss/DashboardPage.tsx",
      "src/bss/orders/OrdersPage.tsx",
      "src/store/StoreFrontPage.tsx",
    ])
      assert.ok(pages.includes(src), `${src} is a lazy route`);
    assert.ok(pages.length >= 40, `${pages.length} lazy pages`);
    const names = new Set(Object.values(manifest).map((c) => c.name));
    for (const vendor of ["react", "mantine"]) assert.ok(names.has(vendor), `a ${vendor} chunk`);
    // The entry itself is small: the pages are not in it.
    assert.ok(size(`${entry.file}.br`) < 20_000, `entry ${kb(size(`${entry.file}.br`))} br`);
  });

  it("every compressible asset was precompressed at build time (br and gz)", () => {
    for (const chunk of Object.values(manifest)) {
      for (const file of [chunk.file, ...(chunk.css ?? [])]) {
        if (size(file) < 1024) continue;
        assert.ok(existsSync(`${DIST}${file}.br`), `${file}.br`);
        assert.ok(existsSync(`${DIST}${file}.gz`), `${file}.gz`);
      }
    }
  });

  it("the first load of every page is under the budget, brotli and gzip, without the charts", (t) => {
    const worst = { bss: { page: "", br: 0, gz: 0 }, store: { page: "", br: 0, gz: 0 } };
    for (const page of pages) {
      const files = firstLoad(manifest, routeChain(page));
      // The charts library (~125 KB gzip) comes after the page: web/src/revenue/lazy.tsx.
      for (const c of chartChunks(manifest)) assert.ok(!files.has(c), `${page} loads ${c} first`);
      const m = measure(files);
      assert.ok(m.br < BUDGET, `${page}: ${kb(m.br)} brotli`);
      assert.ok(m.gz < BUDGET, `${page}: ${kb(m.gz)} gzip`);
      const area = page.startsWith("src/bss/") ? worst.bss : worst.store;
      if (m.gz > area.gz) Object.assign(area, { page, br: m.br, gz: m.gz });
    }
    for (const [area, w] of Object.entries(worst))
      t.diagnostic(`${area}: heaviest first load ${w.page} ${kb(w.br)} br / ${kb(w.gz)} gzip`);
  });

  it("the Storefront's first load carries no back-office page and no charts library", (t) => {
    const store = firstLoad(manifest, routeChain("src/store/StoreFrontPage.tsx"));
    const bss = firstLoad(manifest, routeChain("src/bss/DashboardPage.tsx"));
    const chunkOf = (src: string) => Object.values(manifest).find((c) => c.src === src)?.file;
    for (const src of ["src/bss/BssLayout.tsx", "src/bss/DashboardPage.tsx"]) {
      const file = chunkOf(src);
      assert.ok(file, src);
      assert.ok(!store.has(file), `${src} is not in the Storefront's first load`);
    }
    for (const c of chartChunks(manifest))
      assert.ok(!store.has(c), `${c} is not in the Storefront's first load`);
    const s = measure(store);
    const b = measure(bss);
    t.diagnostic(`Storefront front page: ${kb(s.raw)} raw, ${kb(s.br)} br, ${kb(s.gz)} gzip`);
    t.diagnostic(`back-office dashboard: ${kb(b.raw)} raw, ${kb(b.br)} br, ${kb(b.gz)} gzip`);
  });
});
