import { z } from "zod";

/** List paging per ARCHITECTURE.md: `?limit=` (default 50, max 500) `&offset=`; `{ items, total, limit, offset }`. */
export const Paging = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** `?sort=field` or `-field` (descending), restricted to the listed fields. */
export function sortParam(fields: readonly string[]) {
  return z
    .string()
    .refine((s) => fields.includes(s.replace(/^-/, "")), {
      message: `sort by one of ${fields.join(", ")} (prefix - for descending)`,
    })
    .optional();
}

/** `%text%` for (I)LIKE, with the LIKE metacharacters of the user's text escaped. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
