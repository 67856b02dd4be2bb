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
  number: z.string(),
  accountId: z.string(),
  issueDate: z.string(),
  net: MoneyJson,
  tax: MoneyJson,
  gross: MoneyJson,
  lineCount: z.number(),
  runId: z.string().nullable(),
  source: z.string(),
  createdAt: z.string(),
});
export type DocumentJson = z.infer<typeof DocumentJson>;

export const DocumentDetailsJson = DocumentJson.extend({
  account: z.object({ id: z.string(), name: z.string() }),
  lines: z.array(ChargeJson),
});

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

export function documentJson(d: DocumentRow): DocumentJson {
  return {
    id: d.id,
    kind: d.kind as DocumentJson["kind"],
    number: d.number,
    accountId: d.accountId,
    issueDate: d.issueDate,
    net: money(d.net, d.currency),
    tax: money(d.tax, d.currency),
    gross: money(d.gross, d.currency),
    lineCount: d.lineCount,
    runId: d.runId,
    source: d.source,
    createdAt: d.createdAt.toISOString(),
  };
}

export function effectJson(e: BillingEffect): z.infer<typeof BillingEffectJson> {
  const currency = e.charges[0]?.currency;
  const total = e.charges.reduce((a, c) => a + c.amount, 0n);
  return {
    lines: e.charges.map(chargeJson),
    documents: e.documents.map(documentJson),
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
    ...documentJson(d.document),
    account: { id: d.account.id, name: d.account.name },
    lines: d.lines.map(chargeJson),
  };
}
