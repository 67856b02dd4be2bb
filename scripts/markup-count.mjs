#!/usr/bin/env node
// Counts the list and dialog markup that pages write themselves instead of taking it from the
// shared pieces in web/src/components (issue 16): every line of web/src outside components/
// that opens or closes a table, a table row or cell, a modal, a pager, a scroll container or a
// loading overlay, or wires URL filters by hand. `node scripts/markup-count.mjs` prints the
// count per kind and the total; `--files` adds the count per file.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../web/src", import.meta.url));
const KINDS = {
  table: /<\/?Table(\.(Thead|Tbody|Tr|Th|Td|Caption|ScrollContainer))?[\s>]/,
  modal: /<\/?Modal[\s>]|<\/?Drawer[\s>]/,
  pager: /<\/?(Pagination|Pager)[\s>]/,
  overlay: /<LoadingOverlay[\s>]/,
  urlFilters: /\buseSearchParams\(|\buseUrlFilters\(/,
};

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (relative(ROOT, path) !== "components") yield* files(path);
    } else if (/\.tsx?$/.test(name)) yield path;
  }
}

const totals = Object.fromEntries(Object.keys(KINDS).map((k) => [k, 0]));
const perFile = [];
for (const file of files(ROOT)) {
  let n = 0;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    for (const [kind, re] of Object.entries(KINDS)) {
      if (re.test(line)) {
        totals[kind] += 1;
        n += 1;
      }
    }
  }
  if (n > 0) perFile.push([relative(ROOT, file), n]);
}
const total = Object.values(totals).reduce((a, b) => a + b, 0);
console.log(
  Object.entries(totals)
    .map(([k, v]) => `${k} ${v}`)
    .join(", "),
  `— total ${total}`,
);
if (process.argv.includes("--files")) {
  for (const [f, n] of perFile.sort((a, b) => b[1] - a[1])) console.log(String(n).padStart(5), f);
}
