import { z } from "zod";

/**
 * Zod bounds that match the columns an input is stored in (issue 12: a number the schema accepts
 * must never overflow its column and turn into a 500). PostgreSQL `integer` is int4.
 */
export const INT4_MAX = 2_147_483_647;
export const INT4_MIN = -2_147_483_648;

/** An integer an int4 column holds. */
export const Int4 = z.number().int().min(INT4_MIN).max(INT4_MAX);

/** A count (0 or more) an int4 column holds. */
export const Int4Count = z.number().int().min(0).max(INT4_MAX);

/** A positive integer an int4 column holds. */
export const Int4Positive = z.number().int().positive().max(INT4_MAX);
