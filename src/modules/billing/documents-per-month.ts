import { type Db, pgArray, queryRows, sql } from "../../shared/db.ts";
import { countsSql } from "./settlement.ts";

/** Invoiced and credited in one month and currency (minor units, credited positive). */
export interface DocumentsMonth {
  /** First day of the month (YYYY-MM-01). */
  month: string;
  currency: string;
  invoiced: bigint;
  credited: bigint;
}

/**
 * Issue 16: issued invoices and credit notes per month of their issue date, per currency, in one
 * statement (drafts never count: `countsSql`). `basis` = net (revenue, tax excluded) or gross (what
 * a customer pays). `accountIds` limits to the documents billed to those accounts (Storefront).
 */
export async function documentsPerMonth(
  db: Db,
  input: {
    tenantId: string;
    accountIds?: readonly string[];
    fromMonth: string;
    toDate: string;
    basis: "net" | "gross";
  },
): Promise<DocumentsMonth[]> {
  const amount = sql.raw(input.basis === "gross" ? "d.gross" : "d.net");
  const rows = await queryRows<{ month: string; currency: string; invoiced: string; credited: string }>(
    db,
    sql`select date_trunc('month', d.issue_date)::date::text as month, d.currency,
          coalesce(sum(${amount}) filter (where d.kind = 'invoice'), 0)::text as invoiced,
          coalesce(-sum(${amount}) filter (where d.kind = 'credit_note'), 0)::text as credited
        from billing_documents d
        where d.tenant_id = ${input.tenantId} and ${countsSql("d")}
          ${input.accountIds ? sql`and d.account_id = any(${pgArray(input.accountIds)}::text[])` : sql``}
          and d.issue_date >= ${input.fromMonth}::date and d.issue_date <= ${input.toDate}::date
        group by 1, 2 order by 1, 2`,
  );
  return rows.map((r) => ({
    month: r.month,
    currency: r.currency,
    invoiced: BigInt(r.invoiced),
    credited: BigInt(r.credited),
  }));
}
