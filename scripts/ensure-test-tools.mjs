#!/usr/bin/env node
// `npm test` runs this first: the browser tests drive Debian's Chromium (never a downloaded
// browser, see ../shared/notes/stack-traps.md), so a fresh machine gets it from apt here — the
// README's test command must pass with nothing installed by hand. CHROMIUM_PATH points elsewhere.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (existsSync(chromium)) process.exit(0);

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasSudo = !isRoot && spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0;
if (!isRoot && !hasSudo) {
  console.error(
    `The browser tests need Chromium at ${chromium}. Install it (Debian: apt-get install -y chromium) ` +
      "or set CHROMIUM_PATH, then run npm test again.",
  );
  process.exit(1);
}
const run = (args) => {
  const [cmd, ...rest] = isRoot ? args : ["sudo", "-n", ...args];
  const res = spawnSync(cmd, rest, {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (res.status !== 0) {
    console.error(`"${args.join(" ")}" failed (exit ${res.status}): install Chromium by hand.`);
    process.exit(1);
  }
};
console.log(`Chromium is missing at ${chromium}: installing Debian's package for the browser tests…`);
run(["apt-get", "update", "-qq"]);
run(["apt-get", "install", "-y", "-qq", "chromium"]);
if (!existsSync(chromium)) {
  console.error(`apt installed chromium but ${chromium} is still missing: set CHROMIUM_PATH.`);
  process.exit(1);
}
