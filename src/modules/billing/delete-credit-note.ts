import type { Deps } from "../../deps.ts";
import type { BssActor } from "../tenancy/index.ts";
import { deleteDraftDocument } from "./billing.repo.ts";
import type { DocumentDetails } from "./billing-reads.ts";
import { type CommandOptions, detailsOf, lockDraft, runCreditNoteCommand } from "./credit-notes.core.ts";

/**
 * R-DOC-01: a draft credit note can be discarded as a whole (it took no number and credited
 * nothing); an issued one is immutable (422, and the database trigger refuses it too).
 */
export async function deleteCreditNote(
  deps: Deps,
  actor: BssActor,
  input: { creditNoteId: string },
  options: CommandOptions = {},
): Promise<{ details: DocumentDetails; preview: boolean }> {
  const { value, preview } = await runCreditNoteCommand(deps, options, async (tx) => {
    const draft = await lockDraft(tx, actor.tenantId, input.creditNoteId);
    const details = await detailsOf(deps, tx, actor, draft);
    await deleteDraftDocument(tx, actor.tenantId, draft.id);
    return details;
  });
  return { details: value, preview };
}
