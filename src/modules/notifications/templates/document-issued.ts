import type { DocumentIssuedData, RenderedEmail } from "../notifications.types.ts";
import { escapeHtml, layout } from "./html.ts";

/** R-DOC-03: an issued invoice or credit note sent to the paying account's billing contact, its PDF attached. */
export function renderDocumentIssued(d: DocumentIssuedData): RenderedEmail {
  const what = d.kind === "invoice" ? "Invoice" : "Credit note";
  const subject = `${what} ${d.number} from ${d.sellerName}`;
  const facts: Array<[string, string]> = [
    [`${what} no.`, d.number],
    ["Issue date", d.issueDate],
    ...(d.dueDate ? ([["Due date", d.dueDate]] as Array<[string, string]>) : []),
    [d.kind === "invoice" ? "Total" : "Total credited", d.total],
  ];
  const text = [
    `Hello ${d.recipientName},`,
    "",
    `please find attached ${what.toLowerCase()} ${d.number} for ${d.customerName} (${d.filename}).`,
    "",
    ...facts.map(([k, v]) => `  ${k}: ${v}`),
    "",
    d.sellerName,
    "",
  ].join("\n");
  const html = layout({
    title: subject,
    body: [
      `<p>Hello ${escapeHtml(d.recipientName)},</p>`,
      `<p>please find attached ${escapeHtml(what.toLowerCase())} <strong>${escapeHtml(d.number)}</strong> for ${escapeHtml(d.customerName)}.</p>`,
      '<table style="border-collapse:collapse">',
      facts
        .map(
          ([k, v]) =>
            `<tr><td style="padding:2px 12px 2px 0;color:#6b7280">${escapeHtml(k)}</td><td style="padding:2px 0">${escapeHtml(v)}</td></tr>`,
        )
        .join(""),
      "</table>",
      `<p>${escapeHtml(d.sellerName)}</p>`,
    ].join(""),
  });
  return { subject, text, html };
}
