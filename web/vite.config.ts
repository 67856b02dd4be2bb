import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import postcssPresetMantine from "postcss-preset-mantine";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

// The SPA lives in web/ and is built into web/dist, which `openbss serve` serves with a
// fallback to index.html for /bss/* and /store/*. In dev, /api goes to the API server.
export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
  css: { postcss: { plugins: [postcssPresetMantine()] } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  server: {
    port: 5173,
    proxy: { "/api": { target: "http://127.0.0.1:3000", changeOrigin: false } },
  },
});
