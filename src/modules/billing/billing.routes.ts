import { PassThrough } from "node:stream";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss, requireStorefront } from "../../http/auth.ts";
import { AppError } from "../../shared/errors.ts";
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
  StorefrontDocumentDetailsJson,
  StorefrontDocumentJson,
  storefrontDocument,
  storefrontDocumentDetails,
} from "./billing.json.ts";
import { BillingOptionsInput } from "./billing.types.ts";
import { getBillingOptions, updateBillingOptions } from "./billing-options.ts";
import { accountNamesOf, getDocument, ListDocumentsQuery, listDocuments } from "./billing-reads.ts";
import { CreateCreditNoteInput, createCreditNote } from "./create-credit-note.ts";
import { DryRunQuery } from "./credit-notes.core.ts";
import { deleteCreditNote } from "./delete-credit-note.ts";
import { pdfFilename } from "./document-text.ts";
import {
  AccountingExportQuery,
  accountingRows,
  parseExportQuery,
  writeAccountingCsv,
  writeAccountingWorkbook,
} from "./export-accounting.ts";
import { issueCreditNote } from "./issue-credit-note.ts";
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
import { removeCreditNoteLine } from "./remove-credit-note-line.ts";
import { renderDocumentHtml } from "./render-document.ts";
import { renderDocumentPdf } from "./render-document-pdf.ts";

/**
 * Invoices and credit notes (both areas: BSS staff see the tenant's, a Storefront user those
 * billed to its account or, for a reseller, its customers), their printable HTML, and an
 * account's billing options (BSS: viewers read, clerks change).
 */
const IdParams = z.strictObject({ id: z.string().min(1).max(100) });
const LineParams = z.strictObject({ id: z.string().min(1).max(100), lineId: z.string().min(1).max(100) });
/** A credit-note command's answer: the credit note as it is (a preview: as it would be). */
const CreditNoteOutcomeJson = DocumentDetailsJson.extend({ preview: z.boolean() });

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });

const attachment = (filename: string) => `attachment; filename="${filename}"`;

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
            area === "bss"
              ? "List invoices and credit notes (filters: kind, status (draft credit notes, R-DOC-01), accountId, from/to issue date, number; sort; paging)"
              : "List invoices and credit notes (filters: kind, accountId, from/to issue date, number; sort; paging)",
          querystring: ListDocumentsQuery,
          response: { 200: page(area === "bss" ? DocumentJson : StorefrontDocumentJson) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const result = await listDocuments(deps, actor, request.query);
        const { settlements, ...page } = result;
        const json = (d: (typeof result.items)[number]) => documentJson(d, settlements.get(d.id));
        if (area === "bss") return { ...page, items: result.items.map(json) };
        const names = await accountNamesOf(
          deps,
          actor.tenantId,
          result.items.map((d) => d.accountId),
        );
        return {
          ...page,
          items: result.items.map((d) => storefrontDocument(json(d), names.get(d.accountId) ?? "")),
        };
      },
    );
    app.get(
      `/api/${area}/documents/:id`,
      {
        schema: {
          tags,
          summary: "An invoice or credit note with every line and its arithmetic",
          params: IdParams,
          response: { 200: area === "bss" ? DocumentDetailsJson : StorefrontDocumentDetailsJson },
        },
      },
      async (request) => {
        const json = documentDetailsJson(await getDocument(deps, actorOf(request), request.params.id));
        return area === "bss" ? json : storefrontDocumentDetails(json);
      },
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
        const details = await getDocument(deps, actorOf(request), request.params.id);
        return reply.type("text/html; charset=utf-8").send(renderDocumentHtml(details));
      },
    );
    app.get(
      `/api/${area}/documents/:id/pdf`,
      {
        schema: {
          tags,
          summary: "An invoice or credit note as a PDF (R-DOC-02), downloaded as <number>.pdf",
          params: IdParams,
          produces: ["application/pdf"],
        },
      },
      async (request, reply) => {
        const details = await getDocument(deps, actorOf(request), request.params.id);
        const pdf = await renderDocumentPdf(details);
        return reply
          .type("application/pdf")
          .header(
            "Content-Disposition",
            attachment(pdfFilename(details.document.number ?? `draft-${details.document.id}`)),
          )
          .header("Cache-Control", "private, no-store")
          .send(pdf);
      },
    );
  }

  const bss = ["bss: billing"];
  registerCreditNoteRoutes(app, deps, bss);
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

/**
 * Hand-made credit notes (R-DOC-01): clerks create a draft from an issued invoice, remove lines,
 * discard it or issue it; viewers read it (also through /documents). Every command previews with
 * `?dryRun=true` (200, nothing written); a rule refusal is 422 R-DOC-01.
 */
function registerCreditNoteRoutes(app: App, deps: Deps, tags: string[]): void {
  const outcome = (r: { details: Parameters<typeof documentDetailsJson>[0]; preview: boolean }) => ({
    ...documentDetailsJson(r.details),
    preview: r.preview,
  });
  app.post(
    "/api/bss/credit-notes",
    {
      schema: {
        tags,
        summary:
          "Create a draft credit note for an issued invoice (R-DOC-01): chosen lines (whole or an amount) or the whole invoice, with a reason; ?dryRun=true previews",
        querystring: DryRunQuery,
        body: CreateCreditNoteInput,
        response: { 200: CreditNoteOutcomeJson, 201: CreditNoteOutcomeJson },
      },
    },
    async (request, reply) => {
      const actor = requireBss(request, "clerk");
      const result = await createCreditNote(deps, actor, request.body, { dryRun: request.query.dryRun });
      return reply.status(result.preview ? 200 : 201).send(outcome(result));
    },
  );
  app.get(
    "/api/bss/credit-notes/:id",
    {
      schema: {
        tags,
        summary: "A credit note (draft or issued) with its lines and the invoice it credits",
        params: IdParams,
        response: { 200: DocumentDetailsJson },
      },
    },
    async (request) => {
      const details = await getDocument(deps, requireBss(request, "viewer"), request.params.id);
      if (details.document.kind !== "credit_note")
        throw new AppError("not_found", `Credit note ${request.params.id} was not found`, {
          id: request.params.id,
        });
      return documentDetailsJson(details);
    },
  );
  app.delete(
    "/api/bss/credit-notes/:id/lines/:lineId",
    {
      schema: {
        tags,
        summary: "Remove a line of a draft credit note, never its last one (R-DOC-01); ?dryRun=true previews",
        params: LineParams,
        querystring: DryRunQuery,
        response: { 200: CreditNoteOutcomeJson },
      },
    },
    async (request) =>
      outcome(
        await removeCreditNoteLine(
          deps,
          requireBss(request, "clerk"),
          { creditNoteId: request.params.id, lineId: request.params.lineId },
          { dryRun: request.query.dryRun },
        ),
      ),
  );
  app.delete(
    "/api/bss/credit-notes/:id",
    {
      schema: {
        tags,
        summary: "Discard a draft credit note (R-DOC-01; issued ones are immutable); ?dryRun=true previews",
        params: IdParams,
        querystring: DryRunQuery,
        response: { 200: CreditNoteOutcomeJson, 204: z.null() },
      },
    },
    async (request, reply) => {
      const result = await deleteCreditNote(
        deps,
        requireBss(request, "clerk"),
        { creditNoteId: request.params.id },
        { dryRun: request.query.dryRun },
      );
      if (result.preview) return reply.status(200).send(outcome(result));
      return reply.status(204).send(null);
    },
  );
  app.post(
    "/api/bss/credit-notes/:id/issue",
    {
      schema: {
        tags,
        summary:
          "Issue a draft credit note: the next gapless CN number, today's date, the credits applied, immutable (R-DOC-01); ?dryRun=true previews",
        params: IdParams,
        querystring: DryRunQuery,
        response: { 200: CreditNoteOutcomeJson },
      },
    },
    async (request) =>
      outcome(
        await issueCreditNote(
          deps,
          requireBss(request, "clerk"),
          { creditNoteId: request.params.id },
          { dryRun: request.query.dryRun },
        ),
      ),
  );
}
