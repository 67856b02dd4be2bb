import PDFDocument from "pdfkit";
import type { DocumentDetails } from "./billing-reads.ts";
import { documentText, type LineText, type PartyText } from "./document-text.ts";

/**
 * R-DOC-02: an invoice or credit note as an A4 PDF, drawn on the server with pdfkit (no browser).
 * Header with the seller, the buyer block, the document's meta (number, dates, currency, the
 * invoices a credit note credits), the line table (long descriptions wrap; the header row repeats
 * on every page), totals, and "Page n of m".
 *
 * Deterministic: the same document gives the same bytes (CreationDate = the document's creation
 * time; pdfkit derives the file id from the info dictionary, no random ids; no compression
 * timestamps), so a retried email carries the same file.
 *
 * The built-in Helvetica covers Windows-1252 (Western European text, €, –); other characters are
 * transliterated where a plain letter exists (ő → o) and shown as "?" otherwise (a weakness: an
 * embedded Unicode font would fix it).
 */
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const FOOTER = 28;
const CONTENT = A4.width - 2 * MARGIN;

interface Column {
  key: keyof LineText | "index";
  label: string;
  width: number;
  align: "left" | "right";
}
const COLUMNS: Column[] = [
  { key: "index", label: "#", width: 18, align: "left" },
  { key: "description", label: "Description / period", width: 163, align: "left" },
  { key: "quantity", label: "Qty", width: 30, align: "right" },
  { key: "unitPrice", label: "Unit price", width: 62, align: "right" },
  { key: "discount", label: "Discount", width: 52, align: "right" },
  { key: "net", label: "Net", width: 62, align: "right" },
  { key: "taxRate", label: "Tax rate", width: topUp(), align: "right" },
  { key: "tax", label: "Tax", width: 58, align: "right" },
];
function topUp(): number {
  return CONTENT - (18 + 163 + 30 + 62 + 52 + 62 + 58);
}
const PAD = 3;

const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
/**
 * Signs the app writes that Windows-1252 lacks, drawn as their plain equivalents: the minus of a
 * promotion or a negative amount ("50.00 − 20 %"), "≈" of a rounded promoted price.
 */
const PLAIN: Record<string, string> = { "\u2212": "-", "≈": "~", "≤": "<=", "≥": ">=", "\u2011": "-" };
/** Text the standard fonts can draw (Windows-1252); see the note above. */
export function pdfSafe(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else if (ch === "\n") out += ch;
    else if (ch === "\u202f" || ch === "\u2009") out += " ";
    else if (PLAIN[ch] !== undefined) out += PLAIN[ch];
    else {
      const plain = ch.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
      out += /^[\x20-\x7e]+$/.test(plain) ? plain : "?";
    }
  }
  return out;
}

export async function renderDocumentPdf(details: DocumentDetails): Promise<Buffer> {
  const t = documentText(details);
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, bottom: MARGIN + FOOTER, left: MARGIN, right: MARGIN },
    bufferPages: true,
    autoFirstPage: true,
    compress: true,
    info: {
      Title: pdfSafe(`${t.title} ${t.number}`),
      Author: pdfSafe(t.seller.name),
      Subject: pdfSafe(`${t.title} ${t.number} for ${t.buyer.name}`),
      Creator: "openbss",
      Producer: "openbss",
      CreationDate: details.document.createdAt,
      ModDate: details.document.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const bottom = A4.height - MARGIN - FOOTER;
  const text = (s: string) => pdfSafe(s);

  // Header: title and meta on the left, the seller on the right.
  doc
    .font("Helvetica-Bold")
    .fontSize(20)
    .fillColor("#111")
    .text(text(`${t.title} ${t.number}`), MARGIN, MARGIN, {
      width: CONTENT / 2,
    });
  const titleBottom = doc.y;
  const sellerBottom = drawParty(doc, "From", t.seller, MARGIN + CONTENT / 2 + 20, MARGIN, CONTENT / 2 - 20);
  let y = Math.max(titleBottom + 10, sellerBottom + 16);

  // Buyer on the left, document meta on the right.
  const buyerBottom = drawParty(doc, "Billed to", t.buyer, MARGIN, y, CONTENT / 2 - 20);
  let metaY = y;
  const metaX = MARGIN + CONTENT / 2 + 20;
  for (const [label, value] of t.meta) {
    doc.font("Helvetica").fontSize(9).fillColor("#666").text(text(label), metaX, metaY, { width: 90 });
    doc
      .font("Helvetica")
      .fontSize(9)
      .fillColor("#111")
      .text(text(value), metaX + 92, metaY, { width: CONTENT / 2 - 20 - 92 });
    metaY = doc.y + 2;
  }
  y = Math.max(buyerBottom, metaY) + 20;

  // The line table.
  y = drawTableHeader(doc, y);
  t.lines.forEach((line, i) => {
    const h = rowHeight(doc, line);
    if (y + h > bottom) {
      doc.addPage();
      y = drawTableHeader(doc, MARGIN);
    }
    drawRow(doc, line, i + 1, y);
    y += h;
    doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + CONTENT, y)
      .lineWidth(0.5)
      .strokeColor("#ddd")
      .stroke();
  });

  // Totals.
  const totalsHeight = t.totals.length * 16 + 10;
  if (y + totalsHeight > bottom) {
    doc.addPage();
    y = MARGIN;
  }
  y += 8;
  t.totals.forEach(([label, value], i) => {
    const last = i === t.totals.length - 1;
    doc
      .font(last ? "Helvetica-Bold" : "Helvetica")
      .fontSize(last ? 11 : 9.5)
      .fillColor("#111");
    doc.text(text(label), MARGIN + CONTENT - 250, y, { width: 140, align: "right" });
    doc.text(text(value), MARGIN + CONTENT - 105, y, { width: 105, align: "right" });
    y += 16;
  });

  // Page numbers, drawn into the footer band of every page.
  const range = doc.bufferedPageRange();
  for (let p = 0; p < range.count; p++) {
    doc.switchToPage(range.start + p);
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font("Helvetica")
      .fontSize(8)
      .fillColor("#666")
      .text(
        text(`${t.title} ${t.number} · Page ${p + 1} of ${range.count}`),
        MARGIN,
        A4.height - MARGIN - 10,
        {
          width: CONTENT,
          align: "right",
          lineBreak: false,
        },
      );
    doc.page.margins.bottom = saved;
  }
  doc.end();
  return done;
}

function drawParty(
  doc: PDFKit.PDFDocument,
  label: string,
  p: PartyText,
  x: number,
  y: number,
  width: number,
) {
  doc.font("Helvetica").fontSize(8).fillColor("#666").text(label.toUpperCase(), x, y, { width });
  doc
    .font("Helvetica-Bold")
    .fontSize(10)
    .fillColor("#111")
    .text(pdfSafe(p.name), x, doc.y + 2, { width });
  doc.font("Helvetica").fontSize(9.5);
  for (const line of p.addressLines) doc.text(pdfSafe(line), x, doc.y, { width });
  if (p.vatId) doc.text(pdfSafe(`VAT ID ${p.vatId}`), x, doc.y, { width });
  return doc.y;
}

function drawTableHeader(doc: PDFKit.PDFDocument, y: number): number {
  doc.font("Helvetica-Bold").fontSize(8).fillColor("#555");
  let x = MARGIN;
  let h = 0;
  for (const c of COLUMNS) {
    doc.text(c.label, x + PAD, y, { width: c.width - 2 * PAD, align: c.align });
    h = Math.max(h, doc.y - y);
    x += c.width;
  }
  const bottom = y + h + 4;
  doc
    .moveTo(MARGIN, bottom)
    .lineTo(MARGIN + CONTENT, bottom)
    .lineWidth(0.8)
    .strokeColor("#999")
    .stroke();
  return bottom + 4;
}

function cellText(line: LineText, key: Column["key"], index: number): string {
  return key === "index" ? String(index) : line[key];
}

function descriptionHeights(doc: PDFKit.PDFDocument, line: LineText, width: number) {
  doc.font("Helvetica").fontSize(9);
  const main = doc.heightOfString(pdfSafe(line.description), { width });
  doc.fontSize(7.5);
  const period = doc.heightOfString(pdfSafe(line.period), { width });
  const detail = doc.heightOfString(pdfSafe(line.detail), { width });
  return { main, period, detail };
}

function rowHeight(doc: PDFKit.PDFDocument, line: LineText): number {
  const width = COLUMNS[1]!.width - 2 * PAD;
  const d = descriptionHeights(doc, line, width);
  let h = d.main + d.period + d.detail + 4;
  doc.font("Helvetica").fontSize(9);
  for (const c of COLUMNS.slice(2))
    h = Math.max(h, doc.heightOfString(pdfSafe(cellText(line, c.key, 0)), { width: c.width - 2 * PAD }));
  return h + 8;
}

function drawRow(doc: PDFKit.PDFDocument, line: LineText, index: number, y: number): void {
  let x = MARGIN;
  const top = y + 4;
  for (const c of COLUMNS) {
    const width = c.width - 2 * PAD;
    if (c.key === "description") {
      doc
        .font("Helvetica")
        .fontSize(9)
        .fillColor("#111")
        .text(pdfSafe(line.description), x + PAD, top, { width });
      doc
        .fontSize(7.5)
        .fillColor("#333")
        .text(pdfSafe(line.period), x + PAD, doc.y, { width });
      doc.fillColor("#777").text(pdfSafe(line.detail), x + PAD, doc.y + 1, { width });
    } else {
      doc
        .font("Helvetica")
        .fontSize(9)
        .fillColor("#111")
        .text(pdfSafe(cellText(line, c.key, index)), x + PAD, top, { width, align: c.align });
    }
    x += c.width;
  }
}
