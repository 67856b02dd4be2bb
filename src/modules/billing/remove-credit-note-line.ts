import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import type { BssActor } from "../tenancy/index.ts";
import { deleteCharge, listChargesOf } from "./billing.repo.ts";
import type { DocumentDetails } from "./billing-reads.ts";
import {
  type CommandOptions,
  detailsOf,
  lockDraft,
  refreshTotals,
  ruleViolation,
  runCreditNoteCommand,
} from "./credit-notes.core.ts";

/** R-DOC-01: a draft's line can be removed, never its last one (delete the draft instead). */
export async function removeCreditNoteLine(
  deps: Deps,
  actor: BssActor,
  input: { creditNoteId: string; lineId: string },
  options: CommandOptions = {},
): Promise<{ details: DocumentDetails; preview: boolean }> {
  const { value, preview } = await runCreditNoteCommand(deps, options, async (tx) => {
    const draft = await lockDraft(tx, actor.tenantId, input.creditNoteId);
    const lines = await listChargesOf(tx, actor.tenantId, { documentId: draft.id, documentStatus: "draft" });
    if (!lines.some((l) => l.id === input.lineId)) throw notFound("Line of the credit note", input.lineId);
    if (lines.length <= 1)
      throw ruleViolation("A credit note keeps at least one line; delete the draft instead", {
        documentId: draft.id,
        lineId: input.lineId,
      });
    await deleteCharge(tx, actor.tenantId, input.lineId);
    return detailsOf(deps, tx, actor, await refreshTotals(tx, actor.tenantId, draft));
  });
  return { details: value, preview };
}
