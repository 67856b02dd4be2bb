import type { Deps } from "../../deps.ts";
import { enqueueJob, type JobHandler, PermanentJobError } from "../../jobs/index.ts";
import { type Tx, transaction } from "../../shared/db.ts";
import { DOCUMENT_LOCALE, formatDate, formatMoney } from "../../shared/format.ts";
import { formatAmount, toMoneyJson } from "../../shared/money.ts";
import { enqueueEmail } from "../notifications/index.ts";
import { findBillingContact } from "../tenancy/index.ts";
import { emitWebhookEvent } from "../webhooks/index.ts";
import { insertDelivery, listUndeliveredDocuments } from "./billing.repo.ts";
import type { DocumentRow } from "./billing.types.ts";
import { type DocumentDetails, loadDocumentDetails } from "./billing-reads.ts";
import { pdfFilename } from "./document-text.ts";
import { renderDocumentPdf } from "./render-document-pdf.ts";

/**
 * R-DOC-03: every issued invoice and credit note is emailed once to the paying account's billing
 * contact (its primary contact, else the account's email — tenancy `findBillingContact`), its
 * PDF attached; with neither, the document is recorded as "not delivered: no billing contact".
 *
 * Issuing paths do no per-document work: they call `queueDocumentDelivery` in their own
 * transaction, which writes ONE outbox job for the documents just issued (a billing-run chunk of
 * thousands, or an order's one invoice). The job renders the PDFs outside any transaction and,
 * per batch, enqueues the emails (attachments stored as bytes: a retry sends the same file) and
 * records each document's delivery. Exactly once: `document_deliveries` has one row per
 * document (primary key) and the email's business key is `document:<id>` (messages_key_uq), so
 * a retried or duplicated job skips what was done.
 */
export const DELIVER_DOCUMENTS_JOB = "billing.deliver_documents";

/** Documents per transaction of the delivery job (each ~ a few KB of PDF). */
const BATCH = 100;

/**
 * Queues the delivery of documents just issued, in the issuing transaction (they commit or roll
 * back together). Call it from every path that issues documents; never with drafts.
 */
export async function queueDocumentDelivery(
  deps: Deps,
  tx: Tx,
  tenantId: string,
  documentIds: readonly string[],
): Promise<void> {
  if (documentIds.length === 0) return;
  const ids = [...documentIds].sort();
  await enqueueJob(tx, deps.ids, {
    kind: DELIVER_DOCUMENTS_JOB,
    // A document is issued once, so the smallest id names this set of documents.
    key: `documents:${ids[0]}:${ids.length}`,
    tenantId,
    payload: { documentIds: ids },
  });
}

export interface DeliveryOutcome {
  queued: number;
  notDelivered: number;
  skipped: number;
}

/** The job's work: delivers those of `documentIds` without a delivery yet. */
export async function deliverDocuments(
  deps: Deps,
  tenantId: string,
  documentIds: readonly string[],
): Promise<DeliveryOutcome> {
  const outcome: DeliveryOutcome = { queued: 0, notDelivered: 0, skipped: 0 };
  for (let i = 0; i < documentIds.length; i += BATCH) {
    const batch = documentIds.slice(i, i + BATCH);
    const documents = await listUndeliveredDocuments(deps.db, tenantId, batch);
    outcome.skipped += batch.length - documents.length;
    // Read and render outside the transaction: no CPU-heavy work while holding locks.
    const prepared: Array<{
      document: DocumentRow;
      details: DocumentDetails;
      contact: { email: string; name: string } | null;
      pdf: Buffer | null;
    }> = [];
    for (const document of documents) {
      const contact = await findBillingContact(deps.db, tenantId, document.accountId);
      const details = await loadDocumentDetails(deps, deps.db, document);
      const pdf = contact ? await renderDocumentPdf(details) : null;
      prepared.push({ document, details, contact, pdf });
    }
    await transaction(deps.db, async (tx) => {
      for (const { document: d, details, contact, pdf } of prepared) {
        const now = deps.clock.now();
        if (!contact || !pdf) {
          const written = await insertDelivery(tx, {
            tenantId,
            documentId: d.id,
            status: "not_delivered",
            toAddress: null,
            messageId: null,
            reason: "no billing contact",
            createdAt: now,
          });
          if (written) {
            outcome.notDelivered++;
            await emitDocumentIssued(deps, tx, details);
          } else outcome.skipped++;
          continue;
        }
        // Only issued documents reach here (listUndeliveredDocuments): they have a number and a date.
        const number = d.number ?? "";
        const filename = pdfFilename(number);
        const { messageId } = await enqueueEmail(deps, tx, {
          tenantId,
          key: `document:${d.id}`,
          to: contact.email,
          template: "document_issued",
          data: {
            documentId: d.id,
            kind: d.kind as "invoice" | "credit_note",
            number,
            issueDate: formatDate(d.issueDate ?? "", DOCUMENT_LOCALE),
            dueDate: d.dueDate ? formatDate(d.dueDate, DOCUMENT_LOCALE) : null,
            total: formatMoney(
              { currency: d.currency, decimal: formatAmount(d.gross, d.currency) },
              DOCUMENT_LOCALE,
            ),
            sellerName: details.seller.name,
            customerName: details.account.name,
            recipientName: contact.name,
            filename,
          },
          attachments: [{ filename, contentType: "application/pdf", content: pdf }],
        });
        const written = await insertDelivery(tx, {
          tenantId,
          documentId: d.id,
          status: "queued",
          toAddress: contact.email,
          messageId,
          reason: null,
          createdAt: now,
        });
        if (written) {
          outcome.queued++;
          await emitDocumentIssued(deps, tx, details);
        } else outcome.skipped++;
      }
    });
  }
  return outcome;
}

/**
 * Issue 15: the `document.issued` webhook, emitted once per document together with its delivery
 * record (the delivery's primary key makes both exactly-once), so the billing run's own
 * transactions never pay for it.
 */
async function emitDocumentIssued(deps: Deps, tx: Tx, details: DocumentDetails): Promise<void> {
  const d = details.document;
  await emitWebhookEvent(deps, tx, {
    tenantId: d.tenantId,
    type: "document.issued",
    data: () => ({
      id: d.id,
      kind: d.kind,
      number: d.number,
      accountId: d.accountId,
      issueDate: d.issueDate,
      dueDate: d.dueDate,
      net: toMoneyJson(d.net, d.currency),
      tax: toMoneyJson(d.tax, d.currency),
      gross: toMoneyJson(d.gross, d.currency),
    }),
  });
}

const deliverDocumentsHandler: JobHandler = {
  kind: DELIVER_DOCUMENTS_JOB,
  async handle(deps, job) {
    const ids = (job.payload as { documentIds?: unknown } | null)?.documentIds;
    if (!job.tenantId || !Array.isArray(ids) || !ids.every((v) => typeof v === "string"))
      throw new PermanentJobError(`job ${job.id} has no documentIds or tenant`);
    return deliverDocuments(deps, job.tenantId, ids as string[]);
  },
};

export const billingJobHandlers: JobHandler[] = [deliverDocumentsHandler];
