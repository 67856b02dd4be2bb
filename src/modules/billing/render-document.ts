import type { DocumentDetails } from "./billing-reads.ts";
import { documentText, type PartyText } from "./document-text.ts";

/**
 * A printable HTML view of an invoice or credit note (R-DOC-02): seller and buyer with address
 * and VAT ID, number, dates, every line (description, period, quantity, unit price, discount,
 * net, tax rate, tax) with the arithmetic that produced it, net, tax, gross. The same text as the
 * PDF (document-text.ts). Self-contained (inline CSS), print-friendly.
 */
const html = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

const party = (label: string, p: PartyText) =>
  `<div class="party"><div class="label">${label}</div><strong>${html(p.name)}</strong>${p.addressLines
    .map((l) => `<br>${html(l)}`)
    .join("")}${p.vatId ? `<br>VAT ID ${html(p.vatId)}` : ""}</div>`;

export function renderDocumentHtml(details: DocumentDetails): string {
  const t = documentText(details);
  const rows = t.lines
    .map(
      (l, i) => `<tr>
  <td>${i + 1}</td>
  <td>${html(l.description)}<div class="why">${html(l.detail)}</div></td>
  <td>${html(l.period)}</td>
  <td class="num">${html(l.quantity)}</td>
  <td class="num">${html(l.unitPrice)}</td>
  <td class="num">${html(l.discount)}</td>
  <td class="num">${html(l.net)}</td>
  <td class="num">${html(l.taxRate)}</td>
  <td class="num">${html(l.tax)}</td>
</tr>`,
    )
    .join("\n");
  const totals = t.totals
    .map(
      ([label, value], i) =>
        `<tr${i === t.totals.length - 1 ? ' class="total"' : ""}><td colspan="8" class="num">${html(label)}</td><td class="num">${html(value)}</td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${t.title} ${html(t.number)}</title>
<style>
 body{font:14px/1.45 system-ui,sans-serif;margin:2.5rem;color:#1b1b1b}
 h1{font-size:1.6rem;margin:0 0 .25rem} .label{color:#666;font-size:.8rem;text-transform:uppercase}
 header{display:flex;justify-content:space-between;gap:2rem;margin-bottom:2rem}
 dl{display:grid;grid-template-columns:auto auto;gap:.1rem 1rem;margin:0} dt{color:#666} dd{margin:0}
 table{border-collapse:collapse;width:100%} th,td{padding:.45rem .5rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
 th{font-size:.8rem;text-transform:uppercase;color:#555} .num{text-align:right;white-space:nowrap}
 .why{color:#555;font-size:.85rem;margin-top:.15rem} .promo{color:#2b7a3d;font-size:.85rem;font-weight:600} tfoot td{border:none} tfoot tr.total td{font-weight:700;font-size:1.05rem}
 @media print{body{margin:1cm}}
</style></head>
<body>
<header>
 <div><h1>${t.title} ${html(t.number)}</h1>${party("From", t.seller)}</div>
 <dl>${t.meta.map(([k, v]) => `<dt>${html(k)}</dt><dd>${html(v)}</dd>`).join("")}</dl>
</header>
<header>${party("Billed to", t.buyer)}</header>
<table>
 <thead><tr><th>#</th><th>Item and arithmetic</th><th>Period</th><th class="num">Qty</th><th class="num">Unit price</th><th class="num">Discount</th><th class="num">Net</th><th class="num">Tax rate</th><th class="num">Tax</th></tr></thead>
 <tbody>
${rows}
 </tbody>
 <tfoot>
${totals}
 </tfoot>
</table>
</body></html>`;
}
