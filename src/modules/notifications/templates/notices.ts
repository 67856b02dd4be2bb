import { formatDate, formatDateTime, localeOf } from "../../../shared/format.ts";
import { absoluteLink } from "../links.ts";
import type {
  CancellationRequestNoticeData,
  OrderNoticeData,
  ProvisioningFailedData,
  RenderedEmail,
} from "../notifications.types.ts";
import { escapeHtml, layout } from "./html.ts";
import type { RenderContext } from "./index.ts";
import { type StringKey, translator } from "./strings.ts";

/**
 * Issue 15's notices: every text comes from the string catalogue of the recipient's language
 * (strings.en.ts …), laid out the same way — greeting, intro, details, link, signature — in
 * plain text and HTML. Values from data are escaped in HTML (names come from customers).
 */
interface Notice {
  subject: string;
  intro: string;
  details: Array<[string, string]>;
  extra?: string[];
}

function frame(
  data: { language?: string | undefined; recipientName: string; link: string },
  ctx: RenderContext,
  build: (t: ReturnType<typeof translator>) => Notice,
): RenderedEmail {
  const t = translator(data.language);
  const n = build(t);
  const link = absoluteLink(ctx.publicUrl, data.link);
  const greeting = t("common.greeting", { name: data.recipientName });
  const text = [
    greeting,
    "",
    n.intro,
    "",
    ...n.details.map(([k, v]) => `${k}: ${v}`),
    ...(n.extra?.length ? ["", ...n.extra] : []),
    "",
    t("common.open"),
    link,
    "",
    t("common.signature"),
    "",
  ].join("\n");
  const rows = n.details
    .map(
      ([k, v]) =>
        `<tr><th style="padding:4px 8px;text-align:left;vertical-align:top">${escapeHtml(k)}</th>` +
        `<td style="padding:4px 8px;white-space:pre-wrap">${escapeHtml(v)}</td></tr>`,
    )
    .join("");
  const html = layout({
    title: n.subject,
    body: [
      `<p>${escapeHtml(greeting)}</p>`,
      `<p>${escapeHtml(n.intro)}</p>`,
      rows ? `<table style="border-collapse:collapse;width:100%">${rows}</table>` : "",
      ...(n.extra ?? []).map((p) => `<p>${escapeHtml(p)}</p>`),
      `<p><a href="${escapeHtml(link)}">${escapeHtml(t("common.openLink"))}</a></p>`,
      `<p style="font-size:12px;color:#6b7280">${escapeHtml(link)}</p>`,
      `<p style="white-space:pre-line">${escapeHtml(t("common.signature"))}</p>`,
    ].join(""),
  });
  return { subject: n.subject, text, html };
}

function requestNotice(
  kind: "crqSubmitted" | "crqCompleted" | "crqRejected",
  d: CancellationRequestNoticeData,
  ctx: RenderContext,
): RenderedEmail {
  const locale = localeOf(d.language);
  return frame(d, ctx, (t) => {
    const what = d.addonName
      ? t("crq.whatAddon", { addon: d.addonName })
      : d.quantity === null || d.quantity === d.totalQuantity
        ? t("crq.whatAll")
        : t("crq.whatLicences", { quantity: d.quantity });
    const values = { subscription: d.subscriptionName, customer: d.customerName, what };
    const details: Array<[string, string]> = [
      [t("field.subscription"), d.subscriptionName],
      [t("field.customer"), d.customerName],
    ];
    if (d.addonName) details.push([t("field.addon"), d.addonName]);
    details.push([
      t("field.quantity"),
      d.quantity === null ? t("field.allLicences", { quantity: d.totalQuantity }) : String(d.quantity),
    ]);
    details.push([t("field.mode"), t(`mode.${d.mode}` as StringKey)]);
    if (d.instructions) details.push([t("field.instructions"), d.instructions]);
    if (kind === "crqSubmitted") {
      if (d.submittedBy) details.push([t("field.submittedBy"), d.submittedBy]);
      details.push([t("field.submittedAt"), `${formatDateTime(d.submittedAt, locale, "UTC")} UTC`]);
    }
    if (kind === "crqCompleted" && d.effectiveDate)
      details.push([t("field.effectiveDate"), formatDate(d.effectiveDate, locale)]);
    if (kind === "crqRejected" && d.reason) details.push([t("field.reason"), d.reason]);
    return {
      subject: t(`${kind}.subject`, values),
      intro: t(`${kind}.intro`, values),
      details,
    };
  });
}

export const renderCancellationRequestSubmitted = (d: CancellationRequestNoticeData, ctx: RenderContext) =>
  requestNotice("crqSubmitted", d, ctx);
export const renderCancellationRequestCompleted = (d: CancellationRequestNoticeData, ctx: RenderContext) =>
  requestNotice("crqCompleted", d, ctx);
export const renderCancellationRequestRejected = (d: CancellationRequestNoticeData, ctx: RenderContext) =>
  requestNotice("crqRejected", d, ctx);

export function renderProvisioningFailed(d: ProvisioningFailedData, ctx: RenderContext): RenderedEmail {
  return frame(d, ctx, (t) => {
    const values = { subscription: d.subscriptionName, customer: d.customerName, reason: d.reason };
    return {
      subject: t("provisioningFailed.subject", values),
      intro: t("provisioningFailed.intro", values),
      details: [
        [t("field.subscription"), d.subscriptionName],
        [t("field.customer"), d.customerName],
      ],
      extra: [t("provisioningFailed.vendorReason", values)],
    };
  });
}

function orderNotice(
  kind: "orderWaiting" | "orderApproved" | "orderRejected",
  d: OrderNoticeData,
  ctx: RenderContext,
): RenderedEmail {
  return frame(d, ctx, (t) => {
    const values = { orderNumber: d.orderNumber, customer: d.customerName };
    const details: Array<[string, string]> = [
      [t("field.order"), String(d.orderNumber)],
      [t("field.customer"), d.customerName],
    ];
    if (kind === "orderRejected" && d.reason) details.push([t("field.reason"), d.reason]);
    return { subject: t(`${kind}.subject`, values), intro: t(`${kind}.intro`, values), details };
  });
}

export const renderOrderWaitingForApproval = (d: OrderNoticeData, ctx: RenderContext) =>
  orderNotice("orderWaiting", d, ctx);
export const renderOrderApproved = (d: OrderNoticeData, ctx: RenderContext) =>
  orderNotice("orderApproved", d, ctx);
export const renderOrderRejected = (d: OrderNoticeData, ctx: RenderContext) =>
  orderNotice("orderRejected", d, ctx);
