import type { Deps } from "../src/deps.ts";
import { advanceClock } from "../src/modules/billing-run/index.ts";
import { queryRows, sql } from "../src/shared/db.ts";
import { formatAmount } from "../src/shared/money.ts";

/**
 * Billing test helpers: move the manual clock day by day (each day runs every tenant's billing
 * run, like the sandbox) and read back the documents and their lines in a form a test can assert
 * to the cent.
 */

export async function advanceDays(deps: Deps, days: number): Promise<void> {
  await advanceClock(deps, { days });
}

/** Moves the clock to the start of `date` (UTC), running every day passed. */
export async function advanceTo(deps: Deps, date: string): Promise<void> {
  const today = deps.clock.today("UTC").toString();
  const days = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  if (days > 0) await advanceClock(deps, { days });
}

export interface DocumentLine {
  number: string;
  issueDate: string;
  kind: string;
  description: string;
  from: string;
  to: string;
  amount: string;
  explanation: string;
}

/** Every document line of a tenant (or of one subscription), in issue order: what a clerk reads. */
export async function documentLines(
  deps: Deps,
  tenantId: string,
  subscriptionId?: string,
): Promise<DocumentLine[]> {
  const rows = await queryRows<{
    number: string;
    issue_date: string;
    kind: string;
    description: string;
    from_date: string;
    to_date: string;
    amount: string;
    currency: string;
    explanation: string;
  }>(
    deps.db,
    sql`select d.number, d.issue_date::text as issue_date, c.kind, c.description, c.from_date::text as from_date,
          c.to_date::text as to_date, c.amount::text as amount, c.currency, c.explanation
        from billing_charges c join billing_documents d on d.id = c.document_id
        where c.tenant_id = ${tenantId} and (${subscriptionId ?? null}::text is null or c.subscription_id = ${subscriptionId ?? null})
        order by d.kind desc, d.seq, c.period_start, c.id`,
  );
  return rows.map((r) => ({
    number: r.number,
    issueDate: r.issue_date,
    kind: r.kind,
    description: r.description,
    from: r.from_date,
    to: r.to_date,
    amount: formatAmount(BigInt(r.amount), r.currency),
    explanation: r.explanation,
  }));
}

/** Documents of a tenant: number, date, net, tax, gross (decimals). */
export async function documents(deps: Deps, tenantId: string) {
  const rows = await queryRows<{
    number: string;
    issue_date: string;
    net: string;
    tax: string;
    gross: string;
    currency: string;
    line_count: number;
  }>(
    deps.db,
    sql`select number, issue_date::text as issue_date, net::text as net, tax::text as tax, gross::text as gross, currency, line_count
        from billing_documents where tenant_id = ${tenantId} order by kind desc, seq`,
  );
  return rows.map((r) => ({
    number: r.number,
    issueDate: r.issue_date,
    net: formatAmount(BigInt(r.net), r.currency),
    tax: formatAmount(BigInt(r.tax), r.currency),
    gross: formatAmount(BigInt(r.gross), r.currency),
    lines: Number(r.line_count),
  }));
}

/** A subscription's status and term, straight from its row. */
export async function subscriptionRow(deps: Deps, subscriptionId: string) {
  const [row] = await queryRows<{
    status: string;
    quantity: number;
    term_start_date: string;
    term_end_date: string;
  }>(
    deps.db,
    sql`select status, quantity, term_start_date::text as term_start_date, term_end_date::text as term_end_date
        from subscriptions where id = ${subscriptionId}`,
  );
  return {
    status: row!.status,
    quantity: row!.quantity,
    termStart: row!.term_start_date,
    termEnd: row!.term_end_date,
  };
}
