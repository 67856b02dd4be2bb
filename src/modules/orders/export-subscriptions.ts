import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { labelOf } from "../../shared/labels.ts";
import { minorDigits } from "../../shared/money.ts";
import type { DashboardSubscription } from "./storefront-dashboard.ts";

/**
 * The Excel export of the Storefront subscriptions list (R-DSH-03): the same rows as the list,
 * in its order, with the same columns and R-DSH-04's "-" for hidden prices. Written with
 * exceljs's streaming writer (rows are committed as they come, so a large list stays small in
 * memory). Amounts are the API's decimal strings turned into numbers only for the cell value;
 * the currency has its own column; dates are date cells (issue 16: real dates and numbers).
 */

export const EXPORT_COLUMNS = [
  { header: "Subscription", key: "name", width: 40 },
  { header: "Add-ons", key: "addons", width: 30 },
  { header: "Quantity", key: "quantity", width: 10 },
  { header: "Status", key: "status", width: 18 },
  { header: "Unit price", key: "unitPrice", width: 14 },
  { header: "Discount %", key: "discount", width: 12 },
  { header: "Total", key: "total", width: 14 },
  { header: "Currency", key: "currency", width: 10 },
  { header: "Term", key: "term", width: 8 },
  { header: "Start date", key: "startDate", width: 12 },
  { header: "Term end", key: "termEndDate", width: 12 },
  { header: "Subscription ID", key: "id", width: 34 },
] as const;

/** The status as the web app shows it (src/shared/labels.ts). */
export const statusLabel = (s: string) => labelOf("subscriptionStatus", s);

/** A calendar date as an Excel date cell (midnight UTC: the day itself, in every time zone). */
const dateCell = (d: string) => new Date(`${d}T00:00:00Z`);

function amountCell(decimal: string | undefined): number | string {
  return decimal === undefined ? "-" : Number(decimal);
}

export function exportRow(s: DashboardSubscription) {
  return {
    name: s.name,
    addons: s.addons
      .filter((a) => a.status === "active")
      .map((a) => `${a.name} × ${a.quantity}`)
      .join(", "),
    quantity: s.quantity,
    status: statusLabel(s.status),
    unitPrice: amountCell(s.unitPrice?.decimal),
    discount: s.discountBasisPoints / 100,
    total: amountCell(s.total?.decimal),
    currency: s.unitPrice?.currency ?? "",
    term: s.term,
    startDate: dateCell(s.startDate),
    termEndDate: dateCell(s.termEndDate),
    id: s.id,
  };
}

export async function writeSubscriptionsWorkbook(
  out: Writable,
  rows: AsyncIterable<DashboardSubscription>,
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet("Subscriptions", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ ...c }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let count = 0;
  for await (const s of rows) {
    const row = sheet.addRow(exportRow(s));
    const digits = s.unitPrice ? minorDigits(s.unitPrice.currency) : 2;
    for (const key of ["unitPrice", "total"] as const) {
      const cell = row.getCell(key);
      if (typeof cell.value === "number") cell.numFmt = digits > 0 ? `#,##0.${"0".repeat(digits)}` : "#,##0";
    }
    for (const key of ["startDate", "termEndDate"] as const) row.getCell(key).numFmt = "yyyy-mm-dd";
    row.commit();
    count++;
  }
  sheet.commit();
  await workbook.commit();
  return count;
}
