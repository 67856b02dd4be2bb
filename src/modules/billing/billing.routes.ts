import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss, requireStorefront } from "../../http/auth.ts";
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
import { pdfFilename } from "./document-text.ts";
import { renderDocumentHtml } from "./render-document.ts";
import { renderDocumentPdf } from "./render-document-pdf.ts";

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
            "List invoices and credit notes (filters: kind, accountId, from/to issue date, number; sort; paging)",
          querystring: ListDocumentsQuery,
          response: { 200: page(DocumentJson) },
        },
      },
      async (request) => {
        const result = await listDocuments(deps, actorOf(request), request.query);
        return { ...result, items: result.items.map(documentJson) };
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
          .header("Content-Disposition", attachment(pdfFilename(details.document.number)))
          .header("Cache-Control", "private, no-store")
          .send(pdf);
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
}
