import { formatMoney, localeOf } from "../../../shared/format.ts";
import { absoluteLink } from "../links.ts";
import type { OrderConfirmationData, RenderedEmail } from "../notifications.types.ts";
import { escapeHtml, layout } from "./html.ts";
import type { RenderContext } from "./index.ts";

/**
 * R-ORD-10: "when an order is submitted, the end customer receives a confirmation email with a
 * URL where they can check the status of the order". The total is left out when the reseller ordered on the customer's behalf (R-DSH-02: null).
 */
export function renderOrderConfirmation(data: OrderConfirmationData, ctx: RenderContext): RenderedEmail {
  const d = { ...data, statusUrl: absoluteLink(ctx.publicUrl, data.statusUrl) };
  const subject = `Order ${d.orderNumber} received`;
  const total = d.total ? formatMoney(d.total, localeOf(d.language)) : null;

  const text = [
    `Hello ${d.customerName},`,
    "",
    `we have received your order ${d.orderNumber}:`,
    "",
    ...d.lines.map((l) => `  ${l.quantity} x ${l.name}`),
    ...(total ? ["", `Total: ${total}`] : []),
    "",
    "Check the status of your order at any time:",
    d.statusUrl,
    "",
  ].join("\n");

  const rows = d.lines
    .map(
      (l) =>
        `<tr><td style="padding:4px 8px">${escapeHtml(l.name)}</td>` +
        `<td style="padding:4px 8px;text-align:right">${escapeHtml(l.quantity)}</td></tr>`,
    )
    .join("");
  const html = layout({
    title: subject,
    body: [
      `<p>Hello ${escapeHtml(d.customerName)},</p>`,
      `<p>we have received your order <strong>${escapeHtml(d.orderNumber)}</strong>:</p>`,
      '<table style="border-collapse:collapse;width:100%">',
      '<tr><th style="padding:4px 8px;text-align:left">Product</th>',
      '<th style="padding:4px 8px;text-align:right">Quantity</th></tr>',
      rows,
      "</table>",
      total ? `<p>Total: <strong>${escapeHtml(total)}</strong></p>` : "",
      `<p><a href="${escapeHtml(d.statusUrl)}">Check the status of your order</a></p>`,
      `<p style="font-size:12px;color:#6b7280">${escapeHtml(d.statusUrl)}</p>`,
    ].join(""),
  });
  return { subject, text, html };
}
