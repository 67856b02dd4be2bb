import { queryRows, sql, type Tx } from "../../shared/db.ts";
import type { ChargeRow } from "./billing.types.ts";

/** What is left to credit on an invoice line (issued credits only; drafts reserve nothing). */
export const leftToCredit = (charge: Pick<ChargeRow, "amount" | "creditedAmount">): bigint =>
  charge.amount - charge.creditedAmount;

/**
 * The tax of credit lines that take the REST of invoice lines (`lines`: credit lines, each with
 * its credited invoice line): the rest of that line's tax (its tax − the tax of the credits
 * applied so far, drafts excluded), so a line credited in parts gives back exactly its tax; each
 * part rounded on its own could be a cent off (R-DOC-01 "never more than is left", tax included). Used by hand-made credit notes and by the
 * automatic credits of change-billing (a cancellation crediting what a clerk left).
 * Other credit lines keep `lineTax` of their amount. Returns the lines with their tax set.
 */
export async function withRestOfTax(
  tx: Tx,
  tenantId: string,
  lines: ReadonlyArray<{ line: ChargeRow; charge: ChargeRow }>,
): Promise<ChargeRow[]> {
  const rest = lines.filter(({ line, charge }) => -line.amount === leftToCredit(charge) && line.amount < 0n);
  const taxCredited = new Map<string, bigint>();
  if (rest.length > 0) {
    const rows = await queryRows<{ charge_id: string; tax: string }>(
      tx,
      sql`select cr.credits_charge_id as charge_id, coalesce(sum(cr.tax), 0)::text as tax
        from billing_charges cr left join billing_documents d on d.tenant_id = cr.tenant_id and d.id = cr.document_id
        where cr.tenant_id = ${tenantId}
          and cr.credits_charge_id in (select jsonb_array_elements_text(${JSON.stringify(rest.map((r) => r.charge.id))}::jsonb))
          and d.status is distinct from 'draft'
        group by cr.credits_charge_id`,
    );
    for (const r of rows) taxCredited.set(r.charge_id, -BigInt(r.tax));
  }
  return lines.map(({ line, charge }) => {
    if (!rest.some((r) => r.line.id === line.id)) return line;
    const left = charge.tax - (taxCredited.get(charge.id) ?? 0n);
    // Only a sane rest (between none and the whole line's tax) replaces the rounded one.
    const sane = charge.tax >= 0n ? left >= 0n && left <= charge.tax : left <= 0n && left >= charge.tax;
    return sane ? { ...line, tax: -left } : line;
  });
}
