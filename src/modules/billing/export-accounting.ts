import type { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { DateString } from "../../shared/dates.ts";
import { AppError } from "../../shared/errors.ts";
import { formatAmount, minorDigits } from "../../shared/money.ts";
import { parseInput } from "../../shared/parse-input.ts";
import { type Account, type BssActor, getAccount } from "../tenancy/index.ts";
import { countsSql } from "./settlement.ts";

/**
 * The accounting export (issue 14 item 7): the documents issued and the payments received in a
 * period, one row per document line plus one row per payment, as Excel (.xlsx, streamed with
 * exceljs's streaming writer: real dates and numbers in the cells) or CSV (ISO dates, decimal
 * points). Payments are negative (they lower what is owed, as credit notes' lines do); their
 * reference is in the document number column.
 */

export const AccountingExportQuery = z.strictObject({
  from: DateString,
  to: DateString,
  format: z.enum(["xlsx", "csv"]).optional(),
});

export const ACCOUNTING_COLUMNS = [
  { header: "Account", key: "account", width: 30 },
  { header: "Accounting number", key: "accountingNumber", width: 18 },
  { header: "Document number", key: "number", width: 18 },
  { header: "Kind", key: "kind", width: 12 },
  { header: "Issue date", key: "issueDate", width: 12 },
  { header: "Due date", key: "dueDate", width: 12 },
  { header: "Description", key: "description", width: 40 },
  { header: "Period start", key: "periodStart", width: 12 },
  { header: "Period end", key: "periodEnd", width: 12 },
  { header: "Net", key: "net", width: 14 },
  { header: "Tax rate %", key: "taxRate", width: 10 },
  { header: "Tax", key: "tax", width: 14 },
  { header: "Gross", key: "gross", width: 14 },
  { header: "Currency", key: "currency", width: 10 },
] as const;

export interface AccountingRow {
  account: string;
  accountingNumber: string;
  number: string;
  kind: "invoice" | "credit_note" | "payment";
  issueDate: string;
  dueDate: string | null;
  description: string;
  periodStart: string | null;
  periodEnd: string | null;
  net: bigint;
  taxRateBasisPoints: number | null;
  tax: bigint;
  gross: bigint;
  currency: string;
}

const PAGE = 1000;

/** Parses the query and refuses a period that ends before it starts (400 naming `to`). */
export function parseExportQuery(raw: unknown) {
  const q = parseInput(AccountingExportQuery, raw ?? {});
  if (q.to < q.from)
    throw new AppError("validation_failed", "Invalid input — to: must not be before from", {
      issues: [{ path: "to", message: "must not be before from" }],
    });
  return { from: q.from, to: q.to, format: q.format ?? "xlsx" };
}

/** The export's rows, read page by page (keyset) so a large period never sits in memory. */
export async function* accountingRows(
  deps: Deps,
  actor: BssActor,
  period: { from: string; to: string },
): AsyncGenerator<AccountingRow> {
  const tenantId = actor.tenantId;
  const accounts = new Map<string, Account>();
  const accountOf = async (id: string) => {
    let a = accounts.get(id);
    if (!a) {
      a = await getAccount(deps.db, tenantId, id);
      if (accounts.size > 10_000) accounts.clear();
      accounts.set(id, a);
    }
    return a;
  };
  let after = { date: "0001-01-01", kind: "", seq: 0, line: "" };
  for (;;) {
    const result = (await deps.db.execute(sql`
      select d.account_id, d.number, d.kind, d.issue_date::text as issue_date, d.due_date::text as due_date, d.seq,
        c.id as line, c.description, c.period_start::text as period_start, c.period_end::text as period_end,
        c.amount::text as net, c.tax_rate_basis_points as tax_rate, c.tax::text as tax, c.currency
      from billing_documents d join billing_charges c on c.tenant_id = d.tenant_id and c.document_id = d.id
      where d.tenant_id = ${tenantId} and d.issue_date between ${period.from}::date and ${period.to}::date
        and ${countsSql("d")}
        and (d.issue_date, d.kind, d.seq, c.id) > (${after.date}::date, ${after.kind}, ${after.seq}::int, ${after.line})
      order by d.issue_date, d.kind, d.seq, c.id
      limit ${PAGE}`)) as unknown as {
      rows: Array<{
        account_id: string;
        number: string;
        kind: "invoice" | "credit_note";
        issue_date: string;
        due_date: string | null;
        seq: number;
        line: string;
        description: string;
        period_start: string;
        period_end: string;
        net: string;
        tax_rate: number;
        tax: string;
        currency: string;
      }>;
    };
    for (const r of result.rows) {
      const a = await accountOf(r.account_id);
      const net = BigInt(r.net);
      const tax = BigInt(r.tax);
      yield {
        account: a.name,
        accountingNumber: a.accountingNumber ?? "",
        number: r.number,
        kind: r.kind,
        issueDate: r.issue_date,
        dueDate: r.due_date,
        description: r.description,
        periodStart: r.period_start,
        periodEnd: r.period_end,
        net,
        taxRateBasisPoints: r.tax_rate,
        tax,
        gross: net + tax,
        currency: r.currency,
      };
    }
    if (result.rows.length < PAGE) break;
    const last = result.rows[result.rows.length - 1]!;
    after = { date: last.issue_date, kind: last.kind, seq: Number(last.seq), line: last.line };
  }
  let afterPay = { date: "0001-01-01", id: "" };
  for (;;) {
    const result = (await deps.db.execute(sql`
      select p.id, p.account_id, p.reference, p.method, p.note, p.paid_on::text as paid_on, p.amount::text as amount,
        p.currency
      from payments p
      where p.tenant_id = ${tenantId} and p.paid_on between ${period.from}::date and ${period.to}::date
        and (p.paid_on, p.id) > (${afterPay.date}::date, ${afterPay.id})
      order by p.paid_on, p.id limit ${PAGE}`)) as unknown as {
      rows: Array<{
        id: string;
        account_id: string;
        reference: string;
        method: string;
        note: string | null;
        paid_on: string;
        amount: string;
        currency: string;
      }>;
    };
    for (const r of result.rows) {
      const a = await accountOf(r.account_id);
      const amount = -BigInt(r.amount);
      yield {
        account: a.name,
        accountingNumber: a.accountingNumber ?? "",
        number: r.reference,
        kind: "payment",
        issueDate: r.paid_on,
        dueDate: null,
        description: `Payment (${r.method.replace("_", " ")})${r.note ? ` — ${r.note}` : ""}`,
        periodStart: null,
        periodEnd: null,
        net: amount,
        taxRateBasisPoints: null,
        tax: 0n,
        gross: amount,
        currency: r.currency,
      };
    }
    if (result.rows.length < PAGE) break;
    const last = result.rows[result.rows.length - 1]!;
    afterPay = { date: last.paid_on, id: last.id };
  }
}

const cellDate = (d: string | null) => (d ? new Date(`${d}T00:00:00Z`) : null);
const cellAmount = (minor: bigint, currency: string) => Number(formatAmount(minor, currency));

/** Streams the rows as an .xlsx workbook (dates as dates, amounts as numbers); returns the row count. */
export async function writeAccountingWorkbook(
  out: Writable,
  rows: AsyncIterable<AccountingRow>,
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet("Accounting", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = ACCOUNTING_COLUMNS.map((c) => ({ ...c }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let count = 0;
  for await (const r of rows) {
    const row = sheet.addRow({
      account: r.account,
      accountingNumber: r.accountingNumber,
      number: r.number,
      kind: r.kind,
      issueDate: cellDate(r.issueDate),
      dueDate: cellDate(r.dueDate),
      description: r.description,
      periodStart: cellDate(r.periodStart),
      periodEnd: cellDate(r.periodEnd),
      net: cellAmount(r.net, r.currency),
      taxRate: r.taxRateBasisPoints === null ? null : r.taxRateBasisPoints / 100,
      tax: cellAmount(r.tax, r.currency),
      gross: cellAmount(r.gross, r.currency),
      currency: r.currency,
    });
    const digits = minorDigits(r.currency);
    for (const key of ["net", "tax", "gross"] as const)
      row.getCell(key).numFmt = digits > 0 ? `#,##0.${"0".repeat(digits)}` : "#,##0";
    for (const key of ["issueDate", "dueDate", "periodStart", "periodEnd"] as const)
      if (row.getCell(key).value) row.getCell(key).numFmt = "yyyy-mm-dd";
    row.commit();
    count++;
  }
  sheet.commit();
  await workbook.commit();
  return count;
}

const csvField = (v: string) => (/[",\r\n;]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
/**
 * A text field (names, numbers, references, descriptions — some typed by users): one starting
 * with = + - @ or a tab/CR would be run as a formula by a spreadsheet opening the CSV, so it is
 * prefixed with an apostrophe (OWASP "CSV injection"). Amounts and dates are not text.
 */
const csvText = (v: string) => csvField(/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** Streams the rows as CSV (comma-separated, ISO dates, amounts with a decimal point). */
export async function writeAccountingCsv(out: Writable, rows: AsyncIterable<AccountingRow>): Promise<number> {
  const write = (line: string) =>
    new Promise<void>((resolve, reject) => {
      if (out.write(`${line}\r\n`)) resolve();
      else {
        out.once("drain", resolve);
        out.once("error", reject);
      }
    });
  await write(ACCOUNTING_COLUMNS.map((c) => csvField(c.header)).join(","));
  let count = 0;
  for await (const r of rows) {
    await write(
      [
        csvText(r.account),
        csvText(r.accountingNumber),
        csvText(r.number),
        csvField(r.kind),
        csvField(r.issueDate),
        csvField(r.dueDate ?? ""),
        csvText(r.description),
        csvField(r.periodStart ?? ""),
        csvField(r.periodEnd ?? ""),
        csvField(formatAmount(r.net, r.currency)),
        csvField(r.taxRateBasisPoints === null ? "" : String(r.taxRateBasisPoints / 100)),
        csvField(formatAmount(r.tax, r.currency)),
        csvField(formatAmount(r.gross, r.currency)),
        csvField(r.currency),
      ].join(","),
    );
    count++;
  }
  out.end();
  return count;
}
