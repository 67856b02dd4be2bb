import type { z } from "zod";
import { AppError } from "./errors.ts";

/** Parses a use case's input; a failure is a 400 naming each bad field (routes validate first, the CLI may not). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    path: i.path.map(String).join(".") || "(input)",
    message: i.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  throw new AppError("validation_failed", `Invalid input — ${summary}`, { issues });
}
