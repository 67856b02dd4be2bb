import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, gzipSync, constants as zlib } from "node:zlib";
import react from "@vitejs/plugin-react";
import postcssPresetMantine from "postcss-preset-mantine";
import { defineConfig, type Plugin } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

/** Files worth compressing; smaller ones cost more in headers than they save. */
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;
const MIN_BYTES = 1024;

/**
 * Writes `<file>.br` and `<file>.gz` next to every compressible output file, once, at build
 * time, so `openbss serve` (@fastify/static `preCompressed`) sends them without compressing
 * per request (ARCHITECTURE.md "Web assets").
 */
function precompress(): Plugin {
  let outDir = "";
  return {
    name: "openbss-precompress",
    apply: "build",
    configResolved(config) {
      outDir = config.build.outDir.startsWith("/") ? config.build.outDir : join(root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
          entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
        );
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file) || statSync(file).size < MIN_BYTES) continue;
        const body = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(body, {
            params: {
              [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
              [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
            },
          }),
        );
      }
    },
  };
}

/** A package directory under node_modules, for the vendor chunk groups below. */
const pkg = (names: string) => new RegExp(`[\\\\/]node_modules[\\\\/](${names})[\\\\/]`);

// The SPA lives in web/ and is built into web/dist, which `openbss serve` serves with a
// fallback to index.html for /bss/* and /store/*. In dev, /api goes to the API server.
// Pages are lazy routes (router.tsx, store.routes.tsx); the libraries every page needs are
// split into long-lived vendor chunks, and the charts library into its own chunk that only
// the pages with charts load (docs/performance.md "First load of the web app").
export default defineConfig({
  root,
  base: "/",
  plugins: [react(), precompress()],
  css: { postcss: { plugins: [postcssPresetMantine()] } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    manifest: true, // .vite/manifest.json: the chunk graph test/web-first-load.test.ts measures
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Higher priority first: a module taken by a group is not taken by the ones below,
            // so React and Mantine stay out of the charts chunk that depends on them.
            {
              name: "react",
              test: pkg("react|react-dom|scheduler|react-router|cookie|set-cookie-parser"),
              priority: 30,
            },
            {
              name: "mantine",
              test: pkg(
                "@mantine[\\\\/](core|hooks|notifications)|@floating-ui|clsx|react-remove-scroll|react-remove-scroll-bar|react-style-singleton|use-callback-ref|use-sidecar|react-number-format|react-textarea-autosize|tabbable|get-nonce|detect-node-es|tslib",
              ),
              priority: 20,
              tags: ["$initial"],
            },
            {
              name: "charts",
              test: pkg(
                "@mantine[\\\\/]charts|recharts|d3-[a-z-]+|victory-vendor|internmap|decimal\\.js-light|eventemitter3|es-toolkit|immer|redux|redux-thunk|@reduxjs[\\\\/]toolkit|reselect|react-redux|use-sync-external-store|tiny-invariant|react-is",
              ),
              priority: 10,
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { "/api": { target: "http://127.0.0.1:3000", changeOrigin: false } },
  },
});
