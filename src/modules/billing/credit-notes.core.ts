import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { PlainDate } from "../../shared/dates.ts";
import { type Tx, transaction } from "../../shared/db.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import { formatAmount } from "../../shared/money.ts";
import { type BssActor, getTenant } from "../tenancy/index.ts";
import { listChargesOf, lockDocument, updateDocument } from "./billing.repo.ts";
import { lineTax } from "./billing.rules.ts";
import { billingCharges } from "./billing.schema.ts";
import type { ChargeRow, DocumentRow } from "./billing.types.ts";
import { type DocumentDetails, loadDocumentDetails } from "./billing-reads.ts";

/**
 * What the hand-made credit note commands share (R-DOC-01): the preview runner, loading a draft
 * for a change, a credit line built from the invoice line it credits, and the draft's totals.
 *
 * A draft's lines are ledger rows (kind `credit`, on the draft document) that do NOT yet change
 * the credited charge's `creditedAmount`: issuing applies them under the charges' row locks, and
 * `billing_charges_credited_ck` (creditedAmount ≤ amount) is the last guard. Every reader of the
 * ledger leaves draft lines out (`listChargesOf`'s `documentStatus`, default "issued").
 */

export const CREDIT_NOTE_RULE = "R-DOC-01" as const;

export const DryRunQuery = z.strictObject({
  dryRun: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
});

export interface CommandOptions {
  dryRun?: boolean | undefined;
}

class PreviewRollback {
  constructor(readonly value: unknown) {}
}

/**
 * One transaction per command; a preview (`?dryRun=true`) runs the very same code and rolls back,
 * so it shows exactly what the commit would do (the number an issue would take included).
 */
export async function runCreditNoteCommand<T>(
  deps: Deps,
  options: CommandOptions,
  fn: (tx: Tx) => Promise<T>,
): Promise<{ value: T; preview: boolean }> {
  try {
    const value = await transaction(deps.db, async (tx) => {
      const out = await fn(tx);
      if (options.dryRun) throw new PreviewRollback(out);
      return out;
    });
    return { value, preview: false };
  } catch (e) {
    if (e instanceof PreviewRollback) return { value: e.value as T, preview: true };
    throw e;
  }
}

/** Today in the tenant's time zone (the injected clock). */
export async function tenantToday(deps: Deps, tx: Tx, tenantId: string): Promise<PlainDate> {
  const tenant = await getTenant(tx, tenantId);
  return deps.clock.today(tenant.timeZone);
}

export function ruleViolation(message: string, details?: Record<string, unknown>): AppError {
  return new AppError(CREDIT_NOTE_RULE, message, details);
}

/**
 * Locks a credit note that may still change: 404 outside the tenant (or not a document); 422
 * R-DOC-01 for an invoice, an automatic credit note (issued at once, never editable) or an issued
 * hand-made one (immutable).
 */
export async function lockDraft(tx: Tx, tenantId: string, id: string): Promise<DocumentRow> {
  const doc = await lockDocument(tx, tenantId, id);
  if (!doc) throw notFound("Credit note", id);
  if (doc.kind !== "credit_note")
    throw ruleViolation(`${doc.number} is an invoice: issued documents are immutable`, { documentId: id });
  if (doc.creditsDocumentId === null)
    throw ruleViolation(
      `${doc.number} is an automatic credit note: it was issued at once and cannot be edited`,
      { documentId: id, status: doc.status },
    );
  if (doc.status !== "draft")
    throw ruleViolation(`Credit note ${doc.number} is issued and immutable`, {
      documentId: id,
      status: doc.status,
    });
  return doc;
}

export { leftToCredit, withRestOfTax } from "./credit-tax.ts";

/**
 * The credit line for `amount` (> 0) of an invoice line: the line's own inputs (period, days,
 * quantity, unit price, tax rate), a negative amount and the tax of the credited amount at the
 * line's rate, rounded half-up — `lineTax`, as automatic credits do, so crediting a whole line
 * gives back exactly its tax.
 */
export function creditLineOf(
  deps: Deps,
  draft: Pick<DocumentRow, "id">,
  charge: ChargeRow,
  amount: bigint,
  meta: { invoiceOn: string; source: string },
): ChargeRow {
  const whole = amount === charge.amount;
  const explanation = whole
    ? `Credit of the whole line (${formatAmount(charge.amount, charge.currency)})`
    : `Credit of ${formatAmount(amount, charge.currency)} of ${formatAmount(charge.amount, charge.currency)}`;
  return {
    ...charge,
    id: deps.ids.next("chg"),
    kind: "credit",
    description: `Credit: ${charge.description}`,
    prorated: !whole,
    amount: -amount,
    tax: lineTax(-amount, charge.taxRateBasisPoints),
    explanation,
    creditedAmount: 0n,
    creditsChargeId: charge.id,
    dedupeKey: `manual:${draft.id}:${charge.id}`,
    invoiceOn: meta.invoiceOn,
    documentId: draft.id,
    source: meta.source,
    createdAt: deps.clock.now(),
  };
}

/** Writes a draft line's tax (the rest of the tax, when it changed since the draft was made). */
export async function setDraftLineTax(tx: Tx, tenantId: string, lineId: string, tax: bigint): Promise<void> {
  await tx
    .update(billingCharges)
    .set({ tax })
    .where(and(eq(billingCharges.tenantId, tenantId), eq(billingCharges.id, lineId)));
}

/** Recomputes a draft's totals from its lines. */
export async function refreshTotals(tx: Tx, tenantId: string, draft: DocumentRow): Promise<DocumentRow> {
  const lines = await listChargesOf(tx, tenantId, { documentId: draft.id, documentStatus: "draft" });
  const net = lines.reduce((a, l) => a + l.amount, 0n);
  const tax = lines.reduce((a, l) => a + l.tax, 0n);
  return updateDocument(tx, tenantId, draft.id, { net, tax, gross: net + tax, lineCount: lines.length });
}

export async function detailsOf(
  deps: Deps,
  tx: Tx,
  actor: BssActor,
  doc: DocumentRow,
): Promise<DocumentDetails> {
  return loadDocumentDetails(deps, tx, doc, actor);
}

export const createdByOf = (actor: BssActor): string | null => actor.userId ?? actor.apiKeyId;
