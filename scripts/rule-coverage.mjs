#!/usr/bin/env node
// Lists every rule ID of the spec (../shared/spec/rules.md) with the test files that name it in
// a test title (`it("R-…`), and the rules no test names yet. Usage: node scripts/rule-coverage.mjs [--section 2-4]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const rulesPath = process.env.RULES_MD ?? new URL("../../shared/spec/rules.md", import.meta.url).pathname;
const text = readFileSync(rulesPath, "utf8");
const sectionArg = process.argv.indexOf("--section");
const [from, to] = sectionArg > 0 ? process.argv[sectionArg + 1].split("-").map(Number) : [1, 99];

const rules = [];
let section = 0;
for (const line of text.split("\n")) {
  const heading = /^## (\d+)\./.exec(line);
  if (heading) section = Number(heading[1]);
  const rule = /\*\*(R-[A-Z]{3}-\d{2})\*\*/.exec(line);
  if (rule && section >= from && section <= to) rules.push({ id: rule[1], section });
}

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}
const root = new URL("..", import.meta.url).pathname;
const files = [...walk(join(root, "src")), ...walk(join(root, "test"))];
const titles = files.map((f) => ({ f: f.slice(root.length), t: readFileSync(f, "utf8") }));

let missing = 0;
for (const { id, section: s } of rules) {
  // A test names a rule when the ID appears inside a test or suite title string.
  const re = new RegExp(`(?:it|describe|test)\\(\\s*[\`"'][^\`"']*${id}\\b`);
  const hits = titles.filter(({ t }) => re.test(t)).map(({ f }) => f);
  if (hits.length === 0) missing++;
  console.log(
    `${hits.length ? "✔" : "✖"} §${s} ${id}  ${hits.slice(0, 3).join(", ")}${hits.length > 3 ? ` (+${hits.length - 3})` : ""}`,
  );
}
console.log(`\n${rules.length - missing} of ${rules.length} rules named by a test; ${missing} missing.`);
