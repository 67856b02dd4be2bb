import { formatBasisPoints, type Money, toPage } from "../../api.ts";

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
  /** draft: a hand-made credit note not issued yet (no number, no issue date; R-DOC-01). */
  status: "draft" | "issued";
  number: string | null;
  accountId: string;
  issueDate: string | null;
  /** R-PAY-01: invoices only. */
  dueDate: string | null;
  net: Money;
  tax: Money;
  gross: Money;
  lineCount: number;
  runId: string | null;
  source: string;
  /** The invoice a hand-made credit note credits. */
  creditsDocumentId: string | null;
  reason: string | null;
  createdBy: string | null;
  /** False for hand-made credit notes (editable while a draft). */
  automatic: boolean;
  createdAt: string;
  paymentStatus: PaymentStatus | null;
  paid: Money | null;
  credited: Money | null;
  outstanding: Money | null;
}

export type PaymentStatus = "unpaid" | "partially_paid" | "paid" | "overdue";

export const PAYMENT_STATUSES: Array<{ value: PaymentStatus; label: string; color: string }> = [
  { value: "unpaid", label: "Unpaid", color: "gray" },
  { value: "partially_paid", label: "Partially paid", color: "yellow" },
  { value: "paid", label: "Paid", color: "green" },
  { value: "overdue", label: "Overdue", color: "red" },
];

export const paymentStatusOf = (s: string | null) => PAYMENT_STATUSES.find((x) => x.value === s);

/** R-DOC-02: a seller or buyer as printed on a document. */
export interface DocumentParty {
  name: string;
  address: Record<string, string>;
  vatId: string | null;
}

export interface DocumentDetails extends BillingDocument {
  dueDate: string | null;
  seller: DocumentParty;
  account: DocumentParty & { id: string; accountingNumber: string | null };
  /** A credit note: the invoices it credits. */
  credits: Array<{ id: string; number: string }>;
  lines: Array<Charge & { taxRateBasisPoints: number; promotionName: string | null }>;
  /** R-DOC-03: the email delivery (null until its job ran). */
  delivery: {
    status: "queued" | "not_delivered";
    to: string | null;
    messageId: string | null;
    reason: string | null;
    at: string;
  } | null;
  creditsDocument: { id: string; number: string | null } | null;
  creditNotes: Array<{ id: string; number: string | null; status: string; gross: Money }>;
}

/** An address as lines: street, postal code + city, region, country code. */
export function addressLines(a: Record<string, string>): string[] {
  return [a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(" "), a.region, a.country].filter(
    (v): v is string => typeof v === "string" && v.trim() !== "",
  );
}

/** A line's discount as printed: "Spring sale (10%)", "10%" or "—". */
export function discountLabel(l: { discountBasisPoints: number; promotionName?: string | null }): string {
  const rate = l.discountBasisPoints > 0 ? formatBasisPoints(l.discountBasisPoints) : null;
  if (l.promotionName) return rate ? `${l.promotionName} (${rate})` : l.promotionName;
  return rate ?? "—";
}

/** A credit-note command's answer (`preview`: nothing was written). */
export interface CreditNoteOutcome extends DocumentDetails {
  preview: boolean;
}

export const DOCUMENT_STATUSES = [
  { value: "draft", label: "Draft" },
  { value: "issued", label: "Issued" },
];

/** "INV-000042", or "Draft" for a credit note not issued yet. */
export const documentNumber = (d: Pick<BillingDocument, "number">) => d.number ?? "Draft";

/** What is left to credit on an invoice line (minor units, as a bigint). */
export const leftToCredit = (c: Charge): bigint => BigInt(c.amount.minor) - BigInt(c.credited.minor);

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
  paymentTermsDays: number;
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

/** Basis points as a percentage ("12.5 %"): the one implementation the server's documents use too. */
export { formatBasisPoints } from "../../../../src/shared/format.ts";

/** Parses "12.5" (percent, up to two decimals) into basis points without float arithmetic. */
export function percentToBasisPoints(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bp <= 10_000 ? bp : null;
}

export interface Payment {
  id: string;
  accountId: string;
  method: "bank_transfer" | "cash" | "card";
  paidOn: string;
  amount: Money;
  allocated: Money;
  unallocated: Money;
  reference: string;
  note: string | null;
  createdAt: string;
}

export interface AccountBalance {
  accountId: string;
  balances: Array<{
    currency: string;
    invoiced: Money;
    credited: Money;
    paid: Money;
    unallocated: Money;
    balance: Money;
  }>;
}

export interface Statement {
  accountId: string;
  accountName: string;
  currency: string;
  from: string;
  to: string;
  opening: Money;
  entries: Array<{
    date: string;
    type: "invoice" | "credit_note" | "payment";
    id: string;
    reference: string;
    dueDate: string | null;
    method: string | null;
    amount: Money;
    balance: Money;
  }>;
  closing: Money;
}

export const PAYMENT_METHODS = [
  { value: "bank_transfer", label: "Bank transfer" },
  { value: "cash", label: "Cash" },
  { value: "card", label: "Card" },
];

export const toPaymentPage = (raw: unknown) => toPage(raw, (p) => p as Payment);
