import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
// Only for the foreign key: billing never reads the subscriptions' tables.
import { subscriptions } from "../subscriptions/subscriptions.schema.ts";

/**
 * Billing options of the account that pays (spec/billing.md "Account billing options").
 * A missing row means every default: anniversary billing day, prorate on, Order Day partial
 * charges, the tenant's currency, 0 % tax.
 */
export const billingAccounts = pgTable(
  "billing_accounts",
  {
    tenantId: text().notNull(),
    accountId: text().notNull(),
    billingDay: text().notNull().default("anniversary"), // anniversary | first
    prorate: boolean().notNull().default(true),
    /** Products billed without proration for this account (full period prices). */
    noProrationProductIds: jsonb().$type<string[]>().notNull().default([]),
    partialCharges: text().notNull().default("order_day"), // order_day | billing_day
    currency: text(), // null = the tenant's currency
    taxRateBasisPoints: integer().notNull().default(0),
    /** R-PAY-01: days from issue to due date of this account's invoices (taken at issue). */
    paymentTermsDays: integer().notNull().default(30),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.accountId], name: "billing_accounts_pk" }),
    check("billing_accounts_terms_ck", sql`${t.paymentTermsDays} between 0 and 365`),
    check("billing_accounts_day_ck", sql`${t.billingDay} in ('anniversary', 'first')`),
    check("billing_accounts_partial_ck", sql`${t.partialCharges} in ('order_day', 'billing_day')`),
    check("billing_accounts_tax_ck", sql`${t.taxRateBasisPoints} between 0 and 10000`),
  ],
);

/**
 * What billing charges for: one row per subscription base and per add-on, kept in step with the
 * subscription by the subscriptions module (in its own transactions). The billing run reads only
 * these rows: `nextPeriodStart` is the first day not yet billed; periods are computed from
 * `cycleAnchor` (anchor + n × period months, spec/billing.md), never chained.
 */
export const billingItems = pgTable(
  "billing_items",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    accountId: text().notNull(), // the customer
    billToAccountId: text().notNull(), // who pays (options and documents are theirs)
    subscriptionId: text().notNull(),
    addonId: text(),
    productId: text().notNull(),
    description: text().notNull(),
    term: text().notNull(), // MCMB | AC1M | AC1Y
    quantity: integer().notNull(),
    unitPrice: bigint({ mode: "bigint" }).notNull(), // per unit per commitment term (AC1M: the year)
    discountBasisPoints: integer().notNull().default(0),
    currency: text().notNull(),
    cycleAnchor: date({ mode: "string" }).notNull(),
    nextPeriodStart: date({ mode: "string" }).notNull(),
    /** Last day to bill (inclusive); null while the item renews. */
    endsOn: date({ mode: "string" }),
    /** Edit Pricing Info for the next cycle: applied to periods starting on/after nextPriceFrom. */
    nextUnitPrice: bigint({ mode: "bigint" }),
    nextDiscountBasisPoints: integer(),
    nextPriceFrom: date({ mode: "string" }),
    /** False when the product is excluded from proration (catalogue): partial periods cost whole. */
    prorate: boolean().notNull().default(true),
    /** AC1M installments the BSS did not invoice (e.g. before it took the plan over). */
    excludedInstallments: integer().notNull().default(0),
    /**
     * R-PRM-01: the promotion snapshotted at creation. Value: minor units off the unit price
     * (monetary) or basis points off it (percentage); it applies to the periods starting before
     * `promotionUntil` (the first period after its cycles; null = every period).
     */
    promotionId: text(),
    promotionName: text(),
    promotionValueType: text(),
    promotionValue: bigint({ mode: "bigint" }),
    promotionUntil: date({ mode: "string" }),
    status: text().notNull().default("active"), // active | ended
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    unique("billing_items_tenant_id_uq").on(t.tenantId, t.id),
    uniqueIndex("billing_items_base_uq").on(t.subscriptionId).where(sql`${t.addonId} is null`),
    uniqueIndex("billing_items_addon_uq").on(t.addonId).where(sql`${t.addonId} is not null`),
    index("billing_items_due_idx")
      .on(t.tenantId, t.nextPeriodStart, t.billToAccountId)
      .where(sql`${t.status} = 'active'`),
    index("billing_items_bill_to_idx").on(t.tenantId, t.billToAccountId),
    check("billing_items_term_ck", sql`${t.term} in ('MCMB', 'AC1M', 'AC1Y')`),
    check("billing_items_status_ck", sql`${t.status} in ('active', 'ended')`),
    check("billing_items_quantity_ck", sql`${t.quantity} >= 1`),
    check("billing_items_money_ck", sql`${t.unitPrice} >= 0 and coalesce(${t.nextUnitPrice}, 0) >= 0`),
    check("billing_items_discount_ck", sql`${t.discountBasisPoints} between 0 and 10000`),
    check("billing_items_excluded_ck", sql`${t.excludedInstallments} between 0 and 12`),
    check(
      "billing_items_promotion_ck",
      sql`${t.promotionId} is null or (${t.promotionName} is not null and ${t.promotionValue} > 0 and ${t.promotionValueType} in ('monetary', 'percentage') and (${t.promotionValueType} = 'monetary' or ${t.promotionValue} <= 10000))`,
    ),
    foreignKey({
      columns: [t.tenantId, t.subscriptionId],
      foreignColumns: [subscriptions.tenantId, subscriptions.id],
      name: "billing_items_sub_fk",
    }),
  ],
);

/**
 * The ledger: every amount billing ever computed, one row per line. Positive lines are charges,
 * negative lines credits (each names the charge it credits). A charge waits with documentId null
 * until it is invoiced (at once for Order Day, on the next billing day for Billing Day).
 * Exactly once: `dedupeKey` is unique per tenant (recurring: item + period start; events: the
 * command's own key), and a recurring charge exists at most once per (item, period start).
 * `creditedAmount` can never exceed `amount`: credits never exceed what was invoiced.
 */
export const billingCharges = pgTable(
  "billing_charges",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    accountId: text().notNull(),
    billToAccountId: text().notNull(),
    itemId: text().notNull(),
    subscriptionId: text().notNull(),
    addonId: text(),
    productId: text().notNull(),
    kind: text().notNull(),
    description: text().notNull(),
    /** The billing period the line belongs to, and the part of it the line bills. */
    periodStart: date({ mode: "string" }).notNull(),
    periodEnd: date({ mode: "string" }).notNull(),
    fromDate: date({ mode: "string" }).notNull(),
    toDate: date({ mode: "string" }).notNull(),
    days: integer().notNull(),
    periodDays: integer().notNull(),
    quantity: integer().notNull(),
    unitPrice: bigint({ mode: "bigint" }).notNull(), // per unit per commitment term
    /** Billing periods per commitment term: AC1M bills 1/12 of the year per installment. */
    periodsPerTerm: integer().notNull(),
    discountBasisPoints: integer().notNull(),
    installmentNo: integer(),
    prorated: boolean().notNull(),
    amount: bigint({ mode: "bigint" }).notNull(),
    taxRateBasisPoints: integer().notNull(),
    tax: bigint({ mode: "bigint" }).notNull(),
    currency: text().notNull(),
    explanation: text().notNull(),
    /** R-PRM-01: the promotion this line was discounted by (as on its item), else null. */
    promotionId: text(),
    promotionName: text(),
    promotionValueType: text(),
    promotionValue: bigint({ mode: "bigint" }),
    creditedAmount: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    creditsChargeId: text(),
    dedupeKey: text().notNull(),
    invoiceOn: date({ mode: "string" }).notNull(),
    documentId: text(),
    source: text().notNull(), // what produced it: "order ord_…", "billing run 2026-01-01", …
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    unique("billing_charges_tenant_id_uq").on(t.tenantId, t.id),
    uniqueIndex("billing_charges_dedupe_uq").on(t.tenantId, t.dedupeKey),
    uniqueIndex("billing_charges_recurring_uq")
      .on(t.itemId, t.periodStart)
      .where(sql`${t.kind} = 'recurring'`),
    index("billing_charges_item_idx").on(t.tenantId, t.itemId, t.periodStart),
    index("billing_charges_sub_idx").on(t.tenantId, t.subscriptionId),
    index("billing_charges_uninvoiced_idx")
      .on(t.tenantId, t.billToAccountId, t.invoiceOn)
      .where(sql`${t.documentId} is null`),
    index("billing_charges_document_idx").on(t.documentId),
    index("billing_charges_credits_idx")
      .on(t.tenantId, t.creditsChargeId)
      .where(sql`${t.creditsChargeId} is not null`),
    check(
      "billing_charges_kind_ck",
      sql`${t.kind} in ('recurring', 'increase', 'upgrade', 'downgrade', 'addon', 'price_change', 'credit')`,
    ),
    check(
      "billing_charges_sign_ck",
      sql`(${t.kind} = 'credit' and ${t.amount} <= 0 and ${t.creditsChargeId} is not null) or (${t.kind} <> 'credit' and ${t.amount} >= 0 and ${t.creditsChargeId} is null)`,
    ),
    // Credits never exceed what was invoiced (billing.md): a charge's credited part stays within it.
    check(
      "billing_charges_credited_ck",
      sql`${t.creditedAmount} >= 0 and ${t.creditedAmount} <= greatest(${t.amount}, 0)`,
    ),
    check(
      "billing_charges_dates_ck",
      sql`${t.periodStart} <= ${t.fromDate} and ${t.fromDate} <= ${t.toDate} and ${t.toDate} <= ${t.periodEnd}`,
    ),
    check("billing_charges_days_ck", sql`${t.days} between 1 and ${t.periodDays}`),
    foreignKey({
      columns: [t.tenantId, t.itemId],
      foreignColumns: [billingItems.tenantId, billingItems.id],
      name: "billing_charges_item_fk",
    }),
    foreignKey({
      columns: [t.tenantId, t.creditsChargeId],
      foreignColumns: [t.tenantId, t.id],
      name: "billing_charges_credits_fk",
    }),
  ],
);

/**
 * Invoices and credit notes. Numbers come from a gapless per-tenant sequence per kind
 * (billing_counters, taken under a row lock in the issuing transaction). Issued documents and
 * their lines are immutable: a trigger refuses updates and deletes (migration 0002, narrowed to
 * issued documents by the credit-notes migration). A hand-made credit note (R-DOC-01) starts as a
 * `draft` — no number, no issue date, its lines editable — that names the invoice it credits.
 */
export const billingDocuments = pgTable(
  "billing_documents",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    kind: text().notNull(), // invoice | credit_note
    /** draft (hand-made credit notes only, R-DOC-01) | issued. Drafts never count anywhere. */
    status: text().notNull().default("issued"),
    /** Null while a draft: a draft has no number and no issue date. */
    seq: integer(),
    number: text(),
    accountId: text().notNull(), // billed to
    issueDate: date({ mode: "string" }),
    /** R-PAY-01: issue date + the paying account's payment terms at issue; credit notes: null. */
    dueDate: date({ mode: "string" }),
    currency: text().notNull(),
    net: bigint({ mode: "bigint" }).notNull(),
    tax: bigint({ mode: "bigint" }).notNull(),
    gross: bigint({ mode: "bigint" }).notNull(),
    lineCount: integer().notNull(),
    runId: text(),
    source: text().notNull(),
    /** The invoice a hand-made credit note credits (R-DOC-01); null for automatic ones. */
    creditsDocumentId: text(),
    /** Why a clerk credited (required for hand-made credit notes). */
    reason: text(),
    /** The user or API key that created a hand-made credit note. */
    createdBy: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    unique("billing_documents_tenant_id_uq").on(t.tenantId, t.id),
    index("billing_documents_credits_idx").on(t.tenantId, t.creditsDocumentId),
    check("billing_documents_status_ck", sql`${t.status} in ('draft', 'issued')`),
    check(
      "billing_documents_numbered_ck",
      sql`(${t.status} = 'issued' and ${t.seq} is not null and ${t.number} is not null and ${t.issueDate} is not null) or (${t.status} = 'draft' and ${t.kind} = 'credit_note' and ${t.seq} is null and ${t.number} is null and ${t.issueDate} is null and ${t.creditsDocumentId} is not null)`,
    ),
    check(
      "billing_documents_manual_ck",
      sql`${t.creditsDocumentId} is null or (${t.kind} = 'credit_note' and ${t.reason} is not null and length(${t.reason}) > 0)`,
    ),
    foreignKey({
      columns: [t.tenantId, t.creditsDocumentId],
      foreignColumns: [t.tenantId, t.id],
      name: "billing_documents_credits_fk",
    }),
    uniqueIndex("billing_documents_seq_uq").on(t.tenantId, t.kind, t.seq),
    uniqueIndex("billing_documents_number_uq").on(t.tenantId, t.number),
    index("billing_documents_account_idx").on(t.tenantId, t.accountId, t.issueDate),
    index("billing_documents_date_idx").on(t.tenantId, t.issueDate),
    check("billing_documents_kind_ck", sql`${t.kind} in ('invoice', 'credit_note')`),
    check("billing_documents_sum_ck", sql`${t.gross} = ${t.net} + ${t.tax}`),
    check(
      "billing_documents_sign_ck",
      sql`(${t.kind} = 'invoice' and ${t.net} >= 0) or (${t.kind} = 'credit_note' and ${t.net} <= 0)`,
    ),
    check("billing_documents_seq_ck", sql`${t.seq} >= 1`),
    check(
      "billing_documents_due_ck",
      sql`(${t.kind} = 'invoice' and ${t.dueDate} is not null and ${t.dueDate} >= ${t.issueDate}) or (${t.kind} <> 'invoice' and ${t.dueDate} is null)`,
    ),
  ],
);

/** The last number issued per (tenant, document kind): gapless because it is taken in the issuing transaction. */
export const billingCounters = pgTable(
  "billing_counters",
  {
    tenantId: text().notNull(),
    kind: text().notNull(),
    last: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind], name: "billing_counters_pk" })],
);

/** One billing run of a tenant for a date: its progress and its summary. */
export const billingRuns = pgTable(
  "billing_runs",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    runDate: date({ mode: "string" }).notNull(),
    trigger: text().notNull(), // cli | api | worker | clock
    status: text().notNull(), // queued | running | completed | failed
    accountsTotal: integer().notNull().default(0),
    accountsDone: integer().notNull().default(0),
    changesApplied: integer().notNull().default(0),
    renewed: integer().notNull().default(0),
    inactivated: integer().notNull().default(0),
    chargesCreated: integer().notNull().default(0),
    documentsCreated: integer().notNull().default(0),
    error: text(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("billing_runs_tenant_idx").on(t.tenantId, t.runDate),
    check("billing_runs_status_ck", sql`${t.status} in ('queued', 'running', 'completed', 'failed')`),
  ],
);

/**
 * Issue 17: the invoicing of a billing run in chunks of paying accounts, planned once by the run
 * and claimed by any number of workers (`FOR UPDATE SKIP LOCKED`; several processes on
 * PostgreSQL). A chunk is done in the same transaction that writes its ledger, so a crash leaves
 * it open for the next claim; the run sums the chunks when all are done, then deletes them.
 */
export const billingRunChunks = pgTable(
  "billing_run_chunks",
  {
    runId: text().notNull(),
    seq: integer().notNull(),
    tenantId: text().notNull(),
    runDate: date({ mode: "string" }).notNull(),
    accountIds: text().array().notNull(),
    done: boolean().notNull().default(false),
    charges: integer().notNull().default(0),
    documents: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq], name: "billing_run_chunks_pk" })],
);

/**
 * R-DOC-03: the delivery of one issued document to its paying account's billing contact — at
 * most one per document (the primary key), so a document is emailed once however often the
 * delivery job runs. `queued`: the email (with the PDF) is in the outbox as `messageId`;
 * `not_delivered`: nobody to send it to (`reason`, shown on the document).
 */
export const documentDeliveries = pgTable(
  "document_deliveries",
  {
    tenantId: text().notNull(),
    documentId: text().notNull(),
    status: text().notNull(), // queued | not_delivered
    toAddress: text(),
    messageId: text(),
    reason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.documentId], name: "document_deliveries_pk" }),
    check("document_deliveries_status_ck", sql`${t.status} in ('queued', 'not_delivered')`),
    check(
      "document_deliveries_shape_ck",
      sql`(${t.status} = 'queued' and ${t.messageId} is not null and ${t.toAddress} is not null) or (${t.status} = 'not_delivered' and ${t.reason} is not null)`,
    ),
    foreignKey({
      columns: [t.tenantId, t.documentId],
      foreignColumns: [billingDocuments.tenantId, billingDocuments.id],
      name: "document_deliveries_document_fk",
    }),
  ],
);

/**
 * R-PAY-01: a payment received from a paying account (bank transfer, cash, card), in the
 * account's currency. `allocated` is the part allocated to invoices (kept by the allocation
 * trigger, never more than `amount`); the rest is the account's credit, allocatable later.
 */
export const payments = pgTable(
  "payments",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    accountId: text().notNull(),
    method: text().notNull(), // bank_transfer | cash | card
    paidOn: date({ mode: "string" }).notNull(),
    amount: bigint({ mode: "bigint" }).notNull(),
    allocated: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    currency: text().notNull(),
    reference: text().notNull(),
    note: text(),
    createdBy: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    unique("payments_tenant_id_uq").on(t.tenantId, t.id),
    index("payments_account_idx").on(t.tenantId, t.accountId, t.paidOn),
    index("payments_date_idx").on(t.tenantId, t.paidOn),
    check("payments_method_ck", sql`${t.method} in ('bank_transfer', 'cash', 'card')`),
    check("payments_amount_ck", sql`${t.amount} > 0`),
    check("payments_allocated_ck", sql`${t.allocated} >= 0 and ${t.allocated} <= ${t.amount}`),
  ],
);

/**
 * R-PAY-01: part of a payment settling one invoice. The insert trigger (migration) locks the
 * invoice row, refuses a document that is not an invoice of the payment's account and currency
 * and anything beyond what is left to settle (gross − credit notes − payments), and adds the
 * amount to the payment's `allocated` (whose check keeps it within the payment).
 */
export const paymentAllocations = pgTable(
  "payment_allocations",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    paymentId: text().notNull(),
    documentId: text().notNull(),
    amount: bigint({ mode: "bigint" }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index("payment_allocations_document_idx").on(t.tenantId, t.documentId),
    index("payment_allocations_payment_idx").on(t.tenantId, t.paymentId),
    check("payment_allocations_amount_ck", sql`${t.amount} > 0`),
    foreignKey({
      columns: [t.tenantId, t.paymentId],
      foreignColumns: [payments.tenantId, payments.id],
      name: "payment_allocations_payment_fk",
    }),
    foreignKey({
      columns: [t.tenantId, t.documentId],
      foreignColumns: [billingDocuments.tenantId, billingDocuments.id],
      name: "payment_allocations_document_fk",
    }),
  ],
);
