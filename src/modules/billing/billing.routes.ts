import { PassThrough } from "node:stream";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss, requireStorefront } from "../../http/auth.ts";
import { getTenant } from "../tenancy/index.ts";
import { getAccountBalance } from "./account-balance.ts";
import { getAccountStatement, StatementQuery } from "./account-statement.ts";
import { allocatePayment } from "./allocate-payment.ts";
import {
  BillingOptionsJson,
  DocumentDetailsJson,
  DocumentJson,
  documentDetailsJson,
  documentJson,
  optionsJson,
} from "./billing.json.ts";
import { BillingOptionsInput } from "./billing.types.ts";
import { getBillingOptions, updateBillingOptions } from "./billing-options.ts";
import { getDocument, ListDocumentsQuery, listDocuments } from "./billing-reads.ts";
import {
  AccountingExportQuery,
  accountingRows,
  parseExportQuery,
  writeAccountingCsv,
  writeAccountingWorkbook,
} from "./export-accounting.ts";
import { getPayment, ListPaymentsQuery, listPayments } from "./list-payments.ts";
import { AllocateInput, RecordPaymentInput } from "./payments.core.ts";
import {
  BalanceJson,
  balanceJson,
  PaymentDetailsJson,
  PaymentJson,
  paymentDetailsJson,
  paymentJson,
  StatementJson,
  statementJson,
} from "./payments.json.ts";
import { recordPayment } from "./record-payment.ts";
import { renderDocumentHtml } from "./render-document.ts";

/**
 * Invoices and credit notes (both areas: BSS staff see the tenant's, a Storefront user those
 * billed to its account or, for a reseller, its customers), their printable HTML, and an
 * account's billing options (BSS: viewers read, clerks change).
 */
const IdParams = z.strictObject({ id: z.string().min(1).max(100) });

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });

export function registerBillingRoutes(app: App, deps: Deps): void {
  for (const area of ["bss", "storefront"] as const) {
    const tags = [`${area}: billing`];
    const actorOf = (request: Parameters<typeof requireBss>[0]) =>
      area === "bss" ? requireBss(request, "viewer") : requireStorefront(request);
    app.get(
      `/api/${area}/documents`,
      {
        schema: {
          tags,
          summary:
            "List invoices and credit notes (filters: kind, accountId, from/to issue date, number; sort; paging)",
          querystring: ListDocumentsQuery,
          response: { 200: page(DocumentJson) },
        },
      },
      async (request) => {
        const result = await listDocuments(deps, actorOf(request), request.query);
        const { settlements, ...page } = result;
        return { ...page, items: result.items.map((d) => documentJson(d, settlements.get(d.id))) };
      },
    );
    app.get(
      `/api/${area}/documents/:id`,
      {
        schema: {
          tags,
          summary: "An invoice or credit note with every line and its arithmetic",
          params: IdParams,
          response: { 200: DocumentDetailsJson },
        },
      },
      async (request) => documentDetailsJson(await getDocument(deps, actorOf(request), request.params.id)),
    );
    app.get(
      `/api/${area}/documents/:id/html`,
      {
        schema: {
          tags,
          summary: "The printable HTML view of an invoice or credit note",
          params: IdParams,
          produces: ["text/html"],
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const details = await getDocument(deps, actor, request.params.id);
        const tenant = await getTenant(deps.db, actor.tenantId);
        return reply
          .type("text/html; charset=utf-8")
          .send(renderDocumentHtml(details, { name: tenant.name }));
      },
    );
  }

  const bss = ["bss: billing"];
  app.get(
    "/api/bss/accounts/:id/billing-options",
    {
      schema: {
        tags: bss,
        summary:
          "An account's billing options (defaults when never set: anniversary, prorate, Order Day, 0 % tax)",
        params: IdParams,
        response: { 200: BillingOptionsJson },
      },
    },
    async (request) =>
      optionsJson(await getBillingOptions(deps, requireBss(request, "viewer"), request.params.id)),
  );
  app.put(
    "/api/bss/accounts/:id/billing-options",
    {
      schema: {
        tags: bss,
        summary:
          "Change an account's billing options: billing day (1st or anniversary), prorate, products without proration, partial charges (Order Day / Billing Day), currency, tax rate",
        params: IdParams,
        body: BillingOptionsInput,
        response: { 200: BillingOptionsJson },
      },
    },
    async (request) =>
      optionsJson(
        await updateBillingOptions(deps, requireBss(request, "clerk"), request.params.id, request.body),
      ),
  );

  registerPaymentRoutes(app, deps);
}

/**
 * R-PAY-01: payments (BSS: viewers read, clerks record and allocate; Idempotency-Key as every
 * POST), an account's balance and statement (BSS, and the Storefront for its own account or
 * subtree), and the accounting export (BSS viewers).
 */
function registerPaymentRoutes(app: App, deps: Deps): void {
  const tags = ["bss: payments"];
  app.post(
    "/api/bss/payments",
    {
      schema: {
        tags,
        summary:
          "Record a payment of an account (bank transfer, cash, card; date, amount, reference) and allocate it: to the listed invoices, or oldest due first (auto, the default); the rest stays the account's credit (R-PAY-01)",
        body: RecordPaymentInput,
        response: { 201: PaymentDetailsJson },
      },
    },
    async (request, reply) => {
      const { payment, allocations } = await recordPayment(deps, requireBss(request, "clerk"), request.body);
      return reply.status(201).send(paymentDetailsJson(payment, allocations));
    },
  );
  app.get(
    "/api/bss/payments",
    {
      schema: {
        tags,
        summary: "List payments (filters: accountId, from/to payment date; newest first)",
        querystring: ListPaymentsQuery,
        response: { 200: page(PaymentJson) },
      },
    },
    async (request) => {
      const result = await listPayments(deps, requireBss(request, "viewer"), request.query);
      return { ...result, items: result.items.map(paymentJson) };
    },
  );
  app.get(
    "/api/bss/payments/:id",
    {
      schema: {
        tags,
        summary: "A payment with its allocations",
        params: IdParams,
        response: { 200: PaymentDetailsJson },
      },
    },
    async (request) => {
      const { payment, allocations } = await getPayment(
        deps,
        requireBss(request, "viewer"),
        request.params.id,
      );
      return paymentDetailsJson(payment, allocations);
    },
  );
  app.post(
    "/api/bss/payments/:id/allocations",
    {
      schema: {
        tags,
        summary:
          "Allocate what is left of a payment (the account's credit) to invoices: the listed ones, or oldest due first (R-PAY-01)",
        params: IdParams,
        body: AllocateInput,
        response: { 200: PaymentDetailsJson },
      },
    },
    async (request) => {
      const { payment, allocations } = await allocatePayment(
        deps,
        requireBss(request, "clerk"),
        request.params.id,
        request.body,
      );
      return paymentDetailsJson(payment, allocations);
    },
  );
  for (const area of ["bss", "storefront"] as const) {
    const areaTags = [`${area}: payments`];
    const actorOf = (request: Parameters<typeof requireBss>[0]) =>
      area === "bss" ? requireBss(request, "viewer") : requireStorefront(request);
    app.get(
      `/api/${area}/accounts/:id/balance`,
      {
        schema: {
          tags: areaTags,
          summary: "What an account owes per currency: invoices − credit notes − payments (R-PAY-01)",
          params: IdParams,
          response: { 200: BalanceJson },
        },
      },
      async (request) => balanceJson(await getAccountBalance(deps, actorOf(request), request.params.id)),
    );
    app.get(
      `/api/${area}/accounts/:id/statement`,
      {
        schema: {
          tags: areaTags,
          summary:
            "An account's statement for from..to: opening balance, invoices, credit notes and payments in date order with the running balance, closing balance (R-PAY-01)",
          params: IdParams,
          querystring: StatementQuery,
          response: { 200: StatementJson },
        },
      },
      async (request) =>
        statementJson(await getAccountStatement(deps, actorOf(request), request.params.id, request.query)),
    );
  }
  app.get(
    "/api/bss/accounting-export",
    {
      schema: {
        tags,
        summary:
          "The accounting export of a period: one row per document line and per payment, as Excel (.xlsx, the default) or CSV (format=csv)",
        querystring: AccountingExportQuery,
      },
    },
    async (request, reply) => {
      const actor = requireBss(request, "viewer");
      const q = parseExportQuery(request.query);
      const rows = accountingRows(deps, actor, q);
      // The first row is read before the first byte: a failing query answers in the error shape.
      const first = await rows.next();
      async function* all() {
        if (!first.done) yield first.value;
        yield* rows;
      }
      const out = new PassThrough();
      const name = `accounting-${q.from}-${q.to}.${q.format}`;
      reply
        .header(
          "content-type",
          q.format === "csv"
            ? "text/csv; charset=utf-8"
            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        .header("content-disposition", `attachment; filename="${name}"`);
      (q.format === "csv" ? writeAccountingCsv(out, all()) : writeAccountingWorkbook(out, all())).catch(
        (e) => {
          request.log.error(e, "accounting export failed");
          out.destroy(e as Error);
        },
      );
      return reply.send(out);
    },
  );
}
