import { type Money, toPage } from "../../api.ts";

/** The billing API as the pages use it (charges with their arithmetic, documents, runs). */
export interface Charge {
  id: string;
  kind: string;
  description: string;
  subscriptionId: string;
  addonId: string | null;
  productId: string;
  period: { start: string; end: string; days: number };
  from: string;
  to: string;
  days: number;
  quantity: number;
  unitPrice: Money;
  discountBasisPoints: number;
  installmentNo: number | null;
  prorated: boolean;
  amount: Money;
  tax: Money;
  credited: Money;
  creditsChargeId: string | null;
  /** The line's arithmetic in words, e.g. "5 × 12.00 × 22/31 days (10–31 Jan 2024)". */
  explanation: string;
  /** R-PRM-01: the promotion that discounted the line (its arithmetic is in the explanation). */
  promotion?: { id: string; name: string; valueType: string; value: string } | null;
  invoiceOn: string;
  documentId: string | null;
}

export interface BillingDocument {
  id: string;
  kind: "invoice" | "credit_note";
  number: string;
  accountId: string;
  issueDate: string;
  net: Money;
  tax: Money;
  gross: Money;
  lineCount: number;
  runId: string | null;
  source: string;
  createdAt: string;
}

export interface DocumentDetails extends BillingDocument {
  account: { id: string; name: string };
  lines: Charge[];
}

export interface BillingEffect {
  lines: Charge[];
  documents: BillingDocument[];
  total: Money | null;
}

export interface BillingRun {
  id: string;
  runDate: string;
  trigger: string;
  status: string;
  accountsTotal: number;
  accountsDone: number;
  changesApplied: number;
  renewed: number;
  inactivated: number;
  chargesCreated: number;
  documentsCreated: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface BillingOptions {
  accountId: string;
  billingDay: "anniversary" | "first";
  prorate: boolean;
  noProrationProductIds: string[];
  partialCharges: "order_day" | "billing_day";
  currency: string | null;
  taxRateBasisPoints: number;
  isDefault: boolean;
}

export interface InstallmentPlan {
  planStart: string;
  planEnd: string;
  installments: number;
  invoiced: number;
  excluded?: number;
  remaining: number;
  nextInvoiceDate: string | null;
  nextInvoiceAmount: Money | null;
}

export const DOCUMENT_KINDS = [
  { value: "invoice", label: "Invoice" },
  { value: "credit_note", label: "Credit note" },
];

export const documentKindLabel = (kind: string) =>
  DOCUMENT_KINDS.find((k) => k.value === kind)?.label ?? kind;

export const toDocumentPage = (raw: unknown) => toPage(raw, (d) => d as BillingDocument);
export const toRunPage = (raw: unknown) => toPage(raw, (r) => r as BillingRun);
export const toChargeList = (raw: unknown) => toPage(raw, (c) => c as Charge).items;

/** A run is finished when it succeeded or failed; anything else is still to poll. */
export const isRunFinished = (run: BillingRun) => run.status === "completed" || run.status === "failed";

/** Basis points as a percentage string without float arithmetic: 1250 → "12.5 %". */
export function formatBasisPoints(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = String(Math.abs(bp % 100))
    .padStart(2, "0")
    .replace(/0+$/, "");
  return `${whole}${frac ? `.${frac}` : ""} %`;
}

/** Parses "12.5" (percent, up to two decimals) into basis points without float arithmetic. */
export function percentToBasisPoints(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bp <= 10_000 ? bp : null;
}
