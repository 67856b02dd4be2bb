import { z } from "zod";
import { type MoneyJson as MoneyJsonType, toMoneyJson } from "../../shared/money.ts";
import type {
  BillingEffect,
  BillingOptions,
  BillingRunRow,
  ChargeRow,
  DocumentRow,
} from "./billing.types.ts";
import type { DocumentDetails } from "./billing-reads.ts";
import type { InstallmentPlan } from "./installment-plan.ts";
import { type Settlement, settlementOf } from "./settlement.ts";

/** API views of billing: money as `{ currency, minor, decimal }`, dates as YYYY-MM-DD. */

export const MoneyJson = z.object({ currency: z.string(), minor: z.string(), decimal: z.string() });

export const ChargeJson = z.object({
  id: z.string(),
  kind: z.string(),
  description: z.string(),
  subscriptionId: z.string(),
  addonId: z.string().nullable(),
  productId: z.string(),
  accountId: z.string(),
  billToAccountId: z.string(),
  period: z.object({ start: z.string(), end: z.string(), days: z.number() }),
  from: z.string(),
  to: z.string(),
  days: z.number(),
  quantity: z.number(),
  unitPrice: MoneyJson,
  periodsPerTerm: z.number(),
  discountBasisPoints: z.number(),
  installmentNo: z.number().nullable(),
  prorated: z.boolean(),
  amount: MoneyJson,
  taxRateBasisPoints: z.number(),
  tax: MoneyJson,
  credited: MoneyJson,
  creditsChargeId: z.string().nullable(),
  explanation: z.string(),
  /** R-PRM-01: the promotion that discounted this line (value: basis points or minor units off the unit price), else null. */
  promotion: z
    .object({ id: z.string(), name: z.string(), valueType: z.string(), value: z.string() })
    .nullable(),
  invoiceOn: z.string(),
  documentId: z.string().nullable(),
  source: z.string(),
});
export type ChargeJson = z.infer<typeof ChargeJson>;

export const DocumentJson = z.object({
  id: z.string(),
  kind: z.enum(["invoice", "credit_note"]),
  /** draft: a hand-made credit note not issued yet — no number, no issue date (R-DOC-01). */
  status: z.enum(["draft", "issued"]),
  number: z.string().nullable(),
  accountId: z.string(),
  issueDate: z.string().nullable(),
  /** R-PAY-01: invoices only (credit notes: null). */
  dueDate: z.string().nullable(),
  net: MoneyJson,
  tax: MoneyJson,
  gross: MoneyJson,
  lineCount: z.number(),
  runId: z.string().nullable(),
  source: z.string(),
  /** The invoice a hand-made credit note credits; null for invoices and automatic credit notes. */
  creditsDocumentId: z.string().nullable(),
  reason: z.string().nullable(),
  createdBy: z.string().nullable(),
  /** False for a hand-made credit note (editable while a draft); true for every other document. */
  automatic: z.boolean(),
  createdAt: z.string(),
  /** R-PAY-01 (invoices; null on credit notes): unpaid, partially_paid, paid or overdue. */
  paymentStatus: z.enum(["unpaid", "partially_paid", "paid", "overdue"]).nullable(),
  /** Payments allocated to the invoice. */
  paid: MoneyJson.nullable(),
  /** What credit notes settle of the invoice. */
  credited: MoneyJson.nullable(),
  outstanding: MoneyJson.nullable(),
});
export type DocumentJson = z.infer<typeof DocumentJson>;

const PartyJson = z.object({
  name: z.string(),
  address: z.record(z.string(), z.string()).describe("line1, line2, city, postalCode, region, country"),
  vatId: z.string().nullable(),
});

export const DocumentDetailsJson = DocumentJson.extend({
  /** R-DOC-02: the seller (the tenant) and the buyer (the paying account). */
  seller: PartyJson,
  account: PartyJson.extend({ id: z.string(), accountingNumber: z.string().nullable() }),
  /** A credit note: the invoices it credits. */
  credits: z.array(z.object({ id: z.string(), number: z.string() })),
  lines: z.array(ChargeJson.extend({ promotionName: z.string().nullable() })),
  /** R-DOC-03: the email delivery of the document (null until its delivery job ran). */
  delivery: z
    .object({
      status: z.enum(["queued", "not_delivered"]),
      to: z.string().nullable(),
      messageId: z.string().nullable(),
      reason: z.string().nullable(),
      at: z.string(),
    })
    .nullable(),
  creditsDocument: z.object({ id: z.string(), number: z.string().nullable() }).nullable(),
  creditNotes: z.array(
    z.object({ id: z.string(), number: z.string().nullable(), status: z.string(), gross: MoneyJson }),
  ),
});

/**
 * The Storefront's view of a document: the back office's bookkeeping (who made it, the run or
 * command that wrote it, a line's source) is not the buyer's business (issue 16).
 */
const INTERNAL = { createdBy: true, source: true, runId: true } as const;
export const StorefrontDocumentJson = DocumentJson.omit(INTERNAL).extend({
  /** Who it is billed to: a reseller's list names its customers. */
  accountName: z.string(),
});
export const StorefrontDocumentDetailsJson = DocumentDetailsJson.omit(INTERNAL).extend({
  lines: z.array(ChargeJson.omit({ source: true }).extend({ promotionName: z.string().nullable() })),
  delivery: DocumentDetailsJson.shape.delivery.unwrap().omit({ messageId: true }).nullable(),
});

/** Drops the internal fields explicitly (the serializer's schema strips them too). */
export function storefrontDocument(
  d: DocumentJson,
  accountName: string,
): z.infer<typeof StorefrontDocumentJson> {
  const { createdBy: _c, source: _s, runId: _r, ...rest } = d;
  return { ...rest, accountName };
}

export function storefrontDocumentDetails(
  d: z.infer<typeof DocumentDetailsJson>,
): z.infer<typeof StorefrontDocumentDetailsJson> {
  const { createdBy: _c, source: _s, runId: _r, lines, delivery, ...rest } = d;
  return {
    ...rest,
    lines: lines.map(({ source: _ls, ...line }) => line),
    delivery: delivery && {
      status: delivery.status,
      to: delivery.to,
      reason: delivery.reason,
      at: delivery.at,
    },
  };
}

/** The money a command moved: its lines and the documents it issued (a preview: would). */
export const BillingEffectJson = z.object({
  lines: z.array(ChargeJson),
  documents: z.array(DocumentJson),
  total: MoneyJson.nullable(),
});

export const BillingOptionsJson = z.object({
  accountId: z.string(),
  billingDay: z.enum(["anniversary", "first"]),
  prorate: z.boolean(),
  noProrationProductIds: z.array(z.string()),
  partialCharges: z.enum(["order_day", "billing_day"]),
  currency: z.string().nullable(),
  taxRateBasisPoints: z.number(),
  paymentTermsDays: z.number(),
  isDefault: z.boolean(),
});

export const BillingRunJson = z.object({
  id: z.string(),
  runDate: z.string(),
  trigger: z.string(),
  status: z.string(),
  accountsTotal: z.number(),
  accountsDone: z.number(),
  changesApplied: z.number(),
  renewed: z.number(),
  inactivated: z.number(),
  chargesCreated: z.number(),
  documentsCreated: z.number(),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const InstallmentPlanJson = z.object({
  planStart: z.string(),
  planEnd: z.string(),
  installments: z.number(),
  invoiced: z.number(),
  /** Shown only when > 0 (spec/billing.md). */
  excluded: z.number().optional(),
  remaining: z.number(),
  nextInvoiceDate: z.string().nullable(),
  nextInvoiceAmount: MoneyJson.nullable(),
});

const money = (amount: bigint, currency: string): MoneyJsonType => toMoneyJson(amount, currency);

export function chargeJson(c: ChargeRow): ChargeJson {
  return {
    id: c.id,
    kind: c.kind,
    description: c.description,
    subscriptionId: c.subscriptionId,
    addonId: c.addonId,
    productId: c.productId,
    accountId: c.accountId,
    billToAccountId: c.billToAccountId,
    period: { start: c.periodStart, end: c.periodEnd, days: c.periodDays },
    from: c.fromDate,
    to: c.toDate,
    days: c.days,
    quantity: c.quantity,
    unitPrice: money(c.unitPrice, c.currency),
    periodsPerTerm: c.periodsPerTerm,
    discountBasisPoints: c.discountBasisPoints,
    installmentNo: c.installmentNo,
    prorated: c.prorated,
    amount: money(c.amount, c.currency),
    taxRateBasisPoints: c.taxRateBasisPoints,
    tax: money(c.tax, c.currency),
    credited: money(c.creditedAmount, c.currency),
    creditsChargeId: c.creditsChargeId,
    explanation: c.explanation,
    promotion: c.promotionId
      ? {
          id: c.promotionId,
          name: c.promotionName ?? "",
          valueType: c.promotionValueType ?? "",
          value: (c.promotionValue ?? 0n).toString(),
        }
      : null,
    invoiceOn: c.invoiceOn,
    documentId: c.documentId,
    source: c.source,
  };
}

/**
 * A document as the API shows it; `settlement` as read (R-PAY-01). Without one (a document a
 * command has just issued) an invoice is unpaid: nothing has settled it yet.
 */
export function documentJson(d: DocumentRow, settlement?: Settlement): DocumentJson {
  const s = settlement ?? (d.kind === "invoice" ? settlementOf(d, 0n, 0n, d.issueDate ?? "") : null);
  const invoice = d.kind === "invoice" && s;
  return {
    id: d.id,
    kind: d.kind as DocumentJson["kind"],
    status: d.status as DocumentJson["status"],
    number: d.number,
    accountId: d.accountId,
    issueDate: d.issueDate,
    dueDate: d.dueDate,
    net: money(d.net, d.currency),
    tax: money(d.tax, d.currency),
    gross: money(d.gross, d.currency),
    lineCount: d.lineCount,
    runId: d.runId,
    source: d.source,
    creditsDocumentId: d.creditsDocumentId,
    reason: d.reason,
    createdBy: d.createdBy,
    automatic: d.creditsDocumentId === null,
    createdAt: d.createdAt.toISOString(),
    paymentStatus: invoice ? s.status : null,
    paid: invoice ? money(s.paid, d.currency) : null,
    credited: invoice ? money(s.credited, d.currency) : null,
    outstanding: invoice ? money(s.outstanding, d.currency) : null,
  };
}

export function effectJson(e: BillingEffect): z.infer<typeof BillingEffectJson> {
  const currency = e.charges[0]?.currency;
  const total = e.charges.reduce((a, c) => a + c.amount, 0n);
  return {
    lines: e.charges.map(chargeJson),
    documents: e.documents.map((d) => documentJson(d)),
    total: currency ? money(total, currency) : null,
  };
}

export function optionsJson(o: BillingOptions): z.infer<typeof BillingOptionsJson> {
  return { ...o };
}

export function runJson(r: BillingRunRow): z.infer<typeof BillingRunJson> {
  return {
    id: r.id,
    runDate: r.runDate,
    trigger: r.trigger,
    status: r.status,
    accountsTotal: r.accountsTotal,
    accountsDone: r.accountsDone,
    changesApplied: r.changesApplied,
    renewed: r.renewed,
    inactivated: r.inactivated,
    chargesCreated: r.chargesCreated,
    documentsCreated: r.documentsCreated,
    error: r.error,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

export function installmentPlanJson(p: InstallmentPlan): z.infer<typeof InstallmentPlanJson> {
  return {
    planStart: p.planStart,
    planEnd: p.planEnd,
    installments: p.installments,
    invoiced: p.invoiced,
    ...(p.excluded > 0 ? { excluded: p.excluded } : {}),
    remaining: p.remaining,
    nextInvoiceDate: p.nextInvoiceDate,
    nextInvoiceAmount: p.nextInvoiceAmount === null ? null : money(p.nextInvoiceAmount, p.currency),
  };
}

export function documentDetailsJson(d: DocumentDetails): z.infer<typeof DocumentDetailsJson> {
  return {
    ...documentJson(d.document, d.settlement),
    seller: d.seller,
    account: d.account,
    credits: d.credits,
    lines: d.lines.map((l) => ({ ...chargeJson(l), promotionName: l.promotionName ?? null })),
    delivery: d.delivery
      ? {
          status: d.delivery.status as "queued" | "not_delivered",
          to: d.delivery.toAddress,
          messageId: d.delivery.messageId,
          reason: d.delivery.reason,
          at: d.delivery.createdAt.toISOString(),
        }
      : null,
    creditsDocument: d.creditsDocument,
    creditNotes: d.creditNotes.map((c) => ({ ...c, gross: money(c.gross, d.document.currency) })),
  };
}
