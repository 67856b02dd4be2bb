import { z } from "zod";
import type {
  billingAccounts,
  billingCharges,
  billingDocuments,
  billingItems,
  billingRuns,
  documentDeliveries,
} from "./billing.schema.ts";

export type BillingItemRow = typeof billingItems.$inferSelect;
export type ChargeRow = typeof billingCharges.$inferSelect;
export type DocumentRow = typeof billingDocuments.$inferSelect;
export type DocumentDelivery = typeof documentDeliveries.$inferSelect;
export type BillingRunRow = typeof billingRuns.$inferSelect;
export type BillingAccountRow = typeof billingAccounts.$inferSelect;

export const CHARGE_KINDS = [
  "recurring",
  "increase",
  "upgrade",
  "downgrade",
  "addon",
  "price_change",
  "credit",
] as const;
export type ChargeKind = (typeof CHARGE_KINDS)[number];

/** The billing options of the account that pays, defaults filled in (spec/billing.md). */
export interface BillingOptions {
  accountId: string;
  billingDay: "anniversary" | "first";
  prorate: boolean;
  noProrationProductIds: string[];
  partialCharges: "order_day" | "billing_day";
  currency: string | null;
  taxRateBasisPoints: number;
  /** R-PAY-01: days from an invoice's issue to its due date. */
  paymentTermsDays: number;
  isDefault: boolean;
}

export const BillingOptionsInput = z.strictObject({
  billingDay: z.enum(["anniversary", "first"]).optional(),
  prorate: z.boolean().optional(),
  noProrationProductIds: z.array(z.string().min(1)).max(500).optional(),
  partialCharges: z.enum(["order_day", "billing_day"]).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "an ISO 4217 code such as EUR")
    .nullable()
    .optional(),
  /** Tax rate in basis points (2100 = 21 %). */
  taxRateBasisPoints: z.number().int().min(0).max(10_000).optional(),
  /** R-PAY-01: payment terms in days (0–365): each new invoice falls due this many days after issue. */
  paymentTermsDays: z.number().int().min(0).max(365).optional(),
});
export type BillingOptionsInput = z.infer<typeof BillingOptionsInput>;

/** What a command did to the money: the lines it wrote and the documents it issued. */
export interface BillingEffect {
  charges: ChargeRow[];
  documents: DocumentRow[];
}

export const emptyEffect = (): BillingEffect => ({ charges: [], documents: [] });

export function mergeEffects(...effects: BillingEffect[]): BillingEffect {
  return {
    charges: effects.flatMap((e) => e.charges),
    documents: effects.flatMap((e) => e.documents),
  };
}
