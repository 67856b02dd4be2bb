import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import { parseAmount } from "../../shared/money.ts";
import { parseInput } from "../../shared/parse-input.ts";
import type { BssActor } from "../tenancy/index.ts";
import { findDocument, insertCharges, insertDocuments, listChargesOf } from "./billing.repo.ts";
import type { ChargeRow, DocumentRow } from "./billing.types.ts";
import type { DocumentDetails } from "./billing-reads.ts";
import {
  type CommandOptions,
  createdByOf,
  creditLineOf,
  detailsOf,
  leftToCredit,
  ruleViolation,
  runCreditNoteCommand,
  tenantToday,
  withRestOfTax,
} from "./credit-notes.core.ts";

/** A decimal amount in the document's currency, e.g. "12.50" (never a float). */
const Amount = z.string().regex(/^\d{1,13}(\.\d{1,4})?$/, 'a decimal amount such as "12.50"');

export const CreateCreditNoteInput = z
  .strictObject({
    /** The issued invoice to credit. */
    invoiceId: z.string().min(1).max(100),
    /** Why (required, R-DOC-01). */
    reason: z.string().trim().min(1, "a reason is required").max(1000),
    /** Credit every line of the invoice for what is left on it. */
    whole: z.literal(true).optional(),
    /** Or chosen lines: the whole of what is left on a line, or `amount` of it. */
    lines: z
      .array(z.strictObject({ chargeId: z.string().min(1).max(100), amount: Amount.optional() }))
      .min(1)
      .max(500)
      .optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.whole === true) === (v.lines !== undefined))
      ctx.addIssue({ code: "custom", path: ["lines"], message: "give either lines or whole: true" });
  });
export type CreateCreditNoteInput = z.input<typeof CreateCreditNoteInput>;

function invalid(path: string, message: string): AppError {
  return new AppError("validation_failed", `Invalid input — ${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

/**
 * R-DOC-01: a clerk credits chosen lines of an issued invoice (each wholly or an amount of it) or
 * the whole invoice, with a reason. The result is a draft credit note naming the invoice: no
 * number, no issue date, nothing credited yet (issuing applies it). Never more than is left to
 * credit on a line now (what issued credit notes, automatic ones included, have not credited).
 */
export async function createCreditNote(
  deps: Deps,
  actor: BssActor,
  rawInput: unknown,
  options: CommandOptions = {},
): Promise<{ details: DocumentDetails; preview: boolean }> {
  const input = parseInput(CreateCreditNoteInput, rawInput);
  const { value, preview } = await runCreditNoteCommand(deps, options, async (tx) => {
    const invoice = await findDocument(tx, actor.tenantId, input.invoiceId);
    if (!invoice) throw notFound("Invoice", input.invoiceId);
    if (invoice.kind !== "invoice" || invoice.status !== "issued")
      throw ruleViolation(
        `Only an issued invoice can be credited; ${invoice.number ?? "a draft"} is not one`,
        {
          documentId: invoice.id,
        },
      );
    const invoiceLines = (
      await listChargesOf(tx, actor.tenantId, { documentId: invoice.id, documentStatus: "any" })
    ).filter((c) => c.kind !== "credit");
    const byId = new Map(invoiceLines.map((c) => [c.id, c]));

    const wanted: Array<{ charge: ChargeRow; amount: bigint }> = [];
    if (input.whole) {
      for (const charge of invoiceLines)
        if (leftToCredit(charge) > 0n) wanted.push({ charge, amount: leftToCredit(charge) });
      if (wanted.length === 0)
        throw ruleViolation(`Nothing is left to credit on ${invoice.number}`, { documentId: invoice.id });
    } else {
      const lines = input.lines ?? [];
      const seen = new Set<string>();
      lines.forEach((line, i) => {
        if (seen.has(line.chargeId)) throw invalid(`lines.${i}.chargeId`, `${line.chargeId} is listed twice`);
        seen.add(line.chargeId);
        const charge = byId.get(line.chargeId);
        if (!charge) throw notFound(`Line of invoice ${invoice.number}`, line.chargeId);
        const left = leftToCredit(charge);
        let amount = left;
        if (line.amount !== undefined) {
          try {
            amount = parseAmount(line.amount, charge.currency);
          } catch (e) {
            throw invalid(`lines.${i}.amount`, (e as Error).message);
          }
          if (amount <= 0n) throw invalid(`lines.${i}.amount`, "must be more than 0");
        }
        if (left <= 0n || amount > left)
          throw ruleViolation(
            `Never more than is left to credit: line "${charge.description}" of ${invoice.number} has ${left <= 0n ? "nothing" : left.toString()} minor units left`,
            { chargeId: charge.id, left: left.toString(), requested: amount.toString() },
          );
        wanted.push({ charge, amount });
      });
    }

    const today = (await tenantToday(deps, tx, actor.tenantId)).toString();
    const id = deps.ids.next("crn");
    const source = `credit note of ${invoice.number}`;
    const lines = await withRestOfTax(
      tx,
      actor.tenantId,
      wanted.map(({ charge, amount }) => ({
        line: creditLineOf(deps, { id }, charge, amount, { invoiceOn: today, source }),
        charge,
      })),
    );
    const net = lines.reduce((a, l) => a + l.amount, 0n);
    const tax = lines.reduce((a, l) => a + l.tax, 0n);
    const draft: DocumentRow = {
      id,
      tenantId: actor.tenantId,
      kind: "credit_note",
      status: "draft",
      dueDate: null, // credit notes fall due never (R-PAY-01)
      seq: null,
      number: null,
      accountId: invoice.accountId,
      issueDate: null,
      currency: invoice.currency,
      net,
      tax,
      gross: net + tax,
      lineCount: lines.length,
      runId: null,
      source,
      creditsDocumentId: invoice.id,
      reason: input.reason,
      createdBy: createdByOf(actor),
      createdAt: deps.clock.now(),
    };
    await insertDocuments(tx, [draft]);
    await insertCharges(tx, lines);
    return detailsOf(deps, tx, actor, draft);
  });
  return { details: value, preview };
}
