import { defineConfig } from "drizzle-kit";

// Migrations are generated from every module's *.schema.ts, reviewed and committed.
export default defineConfig({
  dialect: "postgresql",
  schema: ["./src/modules/*/*.schema.ts", "./src/jobs/*.schema.ts", "./src/http/*.schema.ts"],
  out: "./db/migrations",
  casing: "snake_case",
});
