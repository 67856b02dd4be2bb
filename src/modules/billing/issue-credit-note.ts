import type { Deps } from "../../deps.ts";
import { findPgError, type Tx } from "../../shared/db.ts";
import type { BssActor } from "../tenancy/index.ts";
import { documentNumber } from "./billing.core.ts";
import { recordEffect } from "./billing.effects.ts";
import {
  addCredited,
  listChargesOf,
  lockChargesById,
  setInvoiceOn,
  takeNumbers,
  updateDocument,
} from "./billing.repo.ts";
import type { DocumentRow } from "./billing.types.ts";
import type { DocumentDetails } from "./billing-reads.ts";
import {
  type CommandOptions,
  detailsOf,
  leftToCredit,
  lockDraft,
  refreshTotals,
  ruleViolation,
  runCreditNoteCommand,
  setDraftLineTax,
  tenantToday,
  withRestOfTax,
} from "./credit-notes.core.ts";
import { queueDocumentDelivery } from "./deliver-documents.ts";

/**
 * R-DOC-01: issuing a draft credit note applies its lines to the invoice lines they credit (under
 * those lines' row locks, so two drafts over the same line queue up and the second finds what the
 * first left), numbers it from the tenant's gapless credit-note counter (the same row lock as
 * automatic credit notes), dates it today and makes it immutable (the trigger guards issued
 * documents and their lines). Never more than is left: checked here (422 R-DOC-01) and, as the
 * last guard, by `billing_charges_credited_ck`.
 */
export async function issueCreditNote(
  deps: Deps,
  actor: BssActor,
  input: { creditNoteId: string },
  options: CommandOptions = {},
): Promise<{ details: DocumentDetails; preview: boolean }> {
  const { value, preview } = await runCreditNoteCommand(deps, options, async (tx) => {
    const issued = await issueDraft(deps, tx, actor.tenantId, input.creditNoteId);

    // The document is now issued: R-DOC-03 delivery by email (an outbox job in this transaction,
    // so it is sent exactly once, and never for a preview, which rolls back, or a refused issue).
    await queueDocumentDelivery(deps, tx, actor.tenantId, [issued.id]);

    return detailsOf(deps, tx, actor, issued);
  });
  return { details: value, preview };
}

async function issueDraft(deps: Deps, tx: Tx, tenantId: string, id: string): Promise<DocumentRow> {
  const draft = await lockDraft(tx, tenantId, id);
  const lines = await listChargesOf(tx, tenantId, { documentId: draft.id, documentStatus: "draft" });
  const credited = new Map(
    (
      await lockChargesById(
        tx,
        tenantId,
        lines.map((l) => l.creditsChargeId!),
      )
    ).map((c) => [c.id, c]),
  );
  for (const line of lines) {
    const charge = credited.get(line.creditsChargeId!)!;
    const left = leftToCredit(charge);
    if (-line.amount > left)
      throw ruleViolation(
        `Never more than is left to credit: line "${charge.description}" has ${left > 0n ? left.toString() : "no"} minor units left, this credit note credits ${(-line.amount).toString()}`,
        { chargeId: charge.id, lineId: line.id, left: left.toString(), requested: (-line.amount).toString() },
      );
  }
  // What the draft takes may have become the rest of a line since it was made: the rest of the tax.
  const taxed = await withRestOfTax(
    tx,
    tenantId,
    lines.map((line) => ({ line, charge: credited.get(line.creditsChargeId!)! })),
  );
  let retaxed = false;
  for (const [i, line] of taxed.entries())
    if (line.tax !== lines[i]!.tax) {
      await setDraftLineTax(tx, tenantId, line.id, line.tax);
      lines[i] = line;
      retaxed = true;
    }
  if (retaxed) await refreshTotals(tx, tenantId, draft);
  try {
    for (const line of lines) await addCredited(tx, tenantId, line.creditsChargeId!, -line.amount);
  } catch (e) {
    // The ledger's own guard (a writer that bypassed the locks above): still the rule, never a 500.
    const pg = findPgError(e);
    if (pg?.code === "23514" && String(pg.constraint ?? pg.message).includes("billing_charges_credited_ck"))
      throw ruleViolation("Never more than is left to credit on a line of this credit note", {
        documentId: draft.id,
      });
    throw e;
  }
  const today = (await tenantToday(deps, tx, tenantId)).toString();
  await setInvoiceOn(tx, tenantId, draft.id, today);
  const seq = await takeNumbers(tx, tenantId, "credit_note", 1);
  const issued = await updateDocument(tx, tenantId, draft.id, {
    status: "issued",
    seq,
    number: documentNumber("credit_note", seq),
    issueDate: today,
  });
  recordEffect(tx, { charges: lines.map((l) => ({ ...l, invoiceOn: today })), documents: [issued] });
  return issued;
}
