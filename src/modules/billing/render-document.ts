import { formatAmount } from "../../shared/money.ts";
import type { DocumentDetails } from "./billing-reads.ts";

/**
 * A printable HTML view of an invoice or credit note: who, number, date, every line with the
 * arithmetic that produced it, net, tax, gross. Self-contained (inline CSS), print-friendly.
 */
const html = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

export function renderDocumentHtml(details: DocumentDetails, issuer: { name: string }): string {
  const { document: d, account, lines } = details;
  const title = d.kind === "invoice" ? "Invoice" : "Credit note";
  const money = (v: bigint) => `${formatAmount(v, d.currency)} ${d.currency}`;
  const rows = lines
    .map(
      (l, i) => `<tr>
  <td>${i + 1}</td>
  <td>${html(l.description)}${l.promotionName ? `<div class="promo">Promotion: ${html(l.promotionName)}</div>` : ""}<div class="why">${html(l.explanation)}</div></td>
  <td class="num">${l.quantity}</td>
  <td>${html(l.fromDate)} – ${html(l.toDate)}</td>
  <td class="num">${(l.taxRateBasisPoints / 100).toFixed(2)} %</td>
  <td class="num">${money(l.amount)}</td>
</tr>`,
    )
    .join("\n");
  const address = Object.values((account.address ?? {}) as Record<string, unknown>)
    .filter((v) => typeof v === "string" && v.trim())
    .map((v) => html(String(v)))
    .join("<br>");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title} ${html(d.number)}</title>
<style>
 body{font:14px/1.45 system-ui,sans-serif;margin:2.5rem;color:#1b1b1b}
 h1{font-size:1.6rem;margin:0 0 .25rem} .muted{color:#666}
 header{display:flex;justify-content:space-between;gap:2rem;margin-bottom:2rem}
 table{border-collapse:collapse;width:100%} th,td{padding:.45rem .5rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
 th{font-size:.8rem;text-transform:uppercase;color:#555} .num{text-align:right;white-space:nowrap}
 .why{color:#555;font-size:.85rem;margin-top:.15rem} .promo{color:#2b7a3d;font-size:.85rem;font-weight:600} tfoot td{border:none} tfoot tr.total td{font-weight:700;font-size:1.05rem}
 @media print{body{margin:1cm}}
</style></head>
<body>
<header>
 <div><h1>${title} ${html(d.number)}</h1><div class="muted">Issued ${html(d.issueDate)} by ${html(issuer.name)}</div></div>
 <div><strong>Billed to</strong><br>${html(account.name)}${account.accountingNumber ? `<br>Account no. ${html(account.accountingNumber)}` : ""}${address ? `<br>${address}` : ""}</div>
</header>
<table>
 <thead><tr><th>#</th><th>Item and arithmetic</th><th class="num">Qty</th><th>Period</th><th class="num">Tax</th><th class="num">Amount</th></tr></thead>
 <tbody>
${rows}
 </tbody>
 <tfoot>
  <tr><td colspan="5" class="num">Net</td><td class="num">${money(d.net)}</td></tr>
  <tr><td colspan="5" class="num">Tax</td><td class="num">${money(d.tax)}</td></tr>
  <tr class="total"><td colspan="5" class="num">Total</td><td class="num">${money(d.gross)}</td></tr>
 </tfoot>
</table>
</body></html>`;
}
