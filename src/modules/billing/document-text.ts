import { DOCUMENT_LOCALE, formatBasisPoints, formatDate, formatMoney } from "../../shared/format.ts";
import { formatAmount } from "../../shared/money.ts";
import type { DocumentDetails, DocumentLine, DocumentParty } from "./billing-reads.ts";

/**
 * R-DOC-02: what a document says, as the strings both renderings print (the HTML view and the
 * PDF), formatted like the web app (src/shared/format.ts) in the documents' locale.
 */
export interface DocumentText {
  title: string;
  number: string;
  filename: string;
  seller: PartyText;
  buyer: PartyText;
  meta: Array<[label: string, value: string]>;
  lines: LineText[];
  totals: Array<[label: string, value: string]>;
}
export interface PartyText {
  name: string;
  addressLines: string[];
  vatId: string | null;
}
export interface LineText {
  description: string;
  detail: string;
  period: string;
  quantity: string;
  unitPrice: string;
  discount: string;
  net: string;
  taxRate: string;
  tax: string;
}

const COUNTRY_NAMES = (() => {
  try {
    return new Intl.DisplayNames([DOCUMENT_LOCALE], { type: "region" });
  } catch {
    return null;
  }
})();

function partyText(p: DocumentParty): PartyText {
  const a = p.address;
  const cityLine = [a.postalCode, a.city].filter(Boolean).join(" ");
  const country = a.country ? (COUNTRY_NAMES?.of(a.country) ?? a.country) : undefined;
  const addressLines = [a.line1, a.line2, cityLine, a.region, country].filter(
    (v): v is string => typeof v === "string" && v.trim() !== "",
  );
  return { name: p.name, addressLines, vatId: p.vatId };
}

/** "10%" or, with a promotion, "Spring sale (10%)"; "—" without a discount. */
export function discountText(
  line: Pick<DocumentLine, "discountBasisPoints" | "promotionName" | "currency"> &
    Partial<Pick<DocumentLine, "promotionValueType" | "promotionValue">>,
): string {
  const parts: string[] = [];
  // R-PRM-01: the promotion by name with its value ("Spring 20 −20 %", "Launch −5.00 € per unit").
  if (line.promotionName) {
    const v = line.promotionValue ?? null;
    const value =
      v === null
        ? ""
        : line.promotionValueType === "percentage"
          ? ` −${formatBasisPoints(Number(v))}`
          : ` −${formatMoney({ currency: line.currency, decimal: formatAmount(v, line.currency) }, DOCUMENT_LOCALE)} per unit`;
    parts.push(`${line.promotionName}${value}`);
  }
  if (line.discountBasisPoints > 0) parts.push(formatBasisPoints(line.discountBasisPoints));
  return parts.length ? parts.join(" + ") : "—";
}

/** A document's file name: its number (letters, digits, dashes) + .pdf, e.g. "INV-000042.pdf". */
export function pdfFilename(number: string): string {
  return `${number.replace(/[^A-Za-z0-9._-]/g, "_")}.pdf`;
}

export function documentText(details: DocumentDetails): DocumentText {
  const { document: d } = details;
  const money = (minor: bigint) =>
    formatMoney({ currency: d.currency, decimal: formatAmount(minor, d.currency) }, DOCUMENT_LOCALE);
  const date = (v: string) => formatDate(v, DOCUMENT_LOCALE);
  const isCredit = d.kind === "credit_note";
  const meta: Array<[string, string]> = [
    [isCredit ? "Credit note no." : "Invoice no.", d.number ?? "Draft (not issued)"],
    ["Issue date", d.issueDate ? date(d.issueDate) : "—"],
  ];
  if (d.dueDate) meta.push(["Due date", date(d.dueDate)]);
  meta.push(["Currency", d.currency]);
  if (details.account.accountingNumber) meta.push(["Account no.", details.account.accountingNumber]);
  if (isCredit && details.credits.length)
    meta.push([
      details.credits.length === 1 ? "Credits invoice" : "Credits invoices",
      details.credits.map((c) => c.number).join(", "),
    ]);
  if (d.reason) meta.push(["Reason", d.reason]);
  const number = d.number ?? "DRAFT";
  return {
    title: isCredit ? "Credit note" : "Invoice",
    number,
    filename: pdfFilename(number),
    seller: partyText(details.seller),
    buyer: partyText(details.account),
    meta,
    lines: details.lines.map((l) => ({
      description: l.description,
      detail: l.explanation,
      period: `${date(l.fromDate)} – ${date(l.toDate)}`,
      quantity: String(l.quantity),
      unitPrice: formatMoney(
        { currency: l.currency, decimal: formatAmount(l.unitPrice, l.currency) },
        DOCUMENT_LOCALE,
      ),
      discount: discountText(l),
      net: money(l.amount),
      taxRate: formatBasisPoints(l.taxRateBasisPoints),
      tax: money(l.tax),
    })),
    totals: [
      ["Net", money(d.net)],
      ["Tax", money(d.tax)],
      [isCredit ? "Total credited" : "Total", money(d.gross)],
    ],
  };
}
