import { Anchor, Badge, Group } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { Link } from "react-router";
import { formatDate, formatMoney, type Money, toPage } from "../../api.ts";
import { PAYMENT_STATUSES, type PaymentStatus } from "../../bss/billing/billing.api.ts";
import { PaymentStatusBadge } from "../../bss/billing/PaymentStatusBadge.tsx";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column, Filter } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useApi } from "../../hooks.ts";
import { useStore } from "../StoreLayout.tsx";
import { useMe } from "../StoreSession.tsx";
import { documentKindLabel, pdfHref } from "./DocumentDetailPage.tsx";

interface StoreDocument {
  id: string;
  kind: "invoice" | "credit_note";
  number: string;
  accountId: string;
  /** Who it is billed to (issue 16; absent on older servers). */
  accountName?: string;
  issueDate: string;
  /** R-PAY-01: invoices only. */
  dueDate?: string | null;
  gross: Money;
  /** R-PAY-01: invoices only (credit notes: null). */
  paymentStatus: PaymentStatus | null;
  outstanding: Money | null;
}

const KINDS = [
  { value: "invoice", label: "Invoices" },
  { value: "credit_note", label: "Credit notes" },
];

function columns(
  alias: string,
  reseller: boolean,
  nameOf: (d: StoreDocument) => string,
): Column<StoreDocument>[] {
  return [
    {
      key: "number",
      header: "Number",
      sort: "number",
      primary: true,
      render: (d) => (
        <Anchor
          component={Link}
          to={`/store/${alias}/billing/documents/${encodeURIComponent(d.id)}`}
          size="sm"
          fw={500}
        >
          {d.number}
        </Anchor>
      ),
    },
    {
      key: "kind",
      header: "Kind",
      render: (d) => (
        <Badge variant="light" color={d.kind === "invoice" ? "indigo" : "teal"}>
          {documentKindLabel(d.kind)}
        </Badge>
      ),
    },
    {
      key: "issueDate",
      header: "Date",
      sort: "issueDate",
      nowrap: true,
      render: (d) => formatDate(d.issueDate),
    },
    {
      key: "dueDate",
      header: "Due date",
      nowrap: true,
      render: (d) => (d.dueDate ? formatDate(d.dueDate) : "—"),
    },
    ...(reseller
      ? [
          {
            key: "billedTo",
            header: "Billed to",
            render: (d: StoreDocument) => <span data-testid="billed-to">{nameOf(d)}</span>,
          },
        ]
      : []),
    {
      key: "gross",
      header: "Total",
      sort: "gross",
      align: "right",
      nowrap: true,
      render: (d) => formatMoney(d.gross),
    },
    {
      key: "payment",
      header: "Payment",
      render: (d) => (d.kind === "invoice" ? <PaymentStatusBadge document={d} /> : "—"),
    },
    {
      key: "pdf",
      header: "PDF",
      render: (d) => (
        <Anchor
          href={pdfHref(d.id)}
          download={`${d.number}.pdf`}
          size="sm"
          aria-label={`Download ${d.number} as PDF`}
        >
          <Group gap={4} wrap="nowrap">
            <IconDownload size={14} aria-hidden />
            PDF
          </Group>
        </Anchor>
      ),
    },
  ];
}

/**
 * R-DOC-03: the Storefront's invoices and credit notes — an end customer's own, a reseller's own
 * and its customers' (the API's scope, with the customer named) — filtered by kind, payment status
 * and customer (in the URL), sortable, each opening its detail and downloadable as its PDF.
 */
export function DocumentsPage() {
  const me = useMe();
  const { alias } = useStore();
  const customers = useApi<{ items: Array<{ id: string; name: string }> }>(
    me.isReseller ? "/api/storefront/accounts?limit=500" : null,
  );
  const filters: Filter[] = [
    { kind: "select", name: "kind", label: "Kind", placeholder: "All", data: KINDS },
    {
      kind: "select",
      name: "paymentStatus",
      label: "Payment status",
      placeholder: "Any",
      data: PAYMENT_STATUSES.map(({ value, label }) => ({ value, label })),
    },
    ...(me.isReseller
      ? [
          {
            kind: "select" as const,
            name: "accountId",
            label: "Customer",
            placeholder: "Everyone",
            searchable: true,
            data: [
              { value: me.account.id, label: "You" },
              ...(customers.data?.items ?? [])
                .filter((a) => a.id !== me.account.id)
                .map((a) => ({ value: a.id, label: a.name })),
            ],
          },
        ]
      : []),
  ];
  const list = useList({
    path: "/api/storefront/documents",
    map: (raw) => toPage(raw, (d) => d as StoreDocument),
    filters,
    defaultSort: "-issueDate",
  });
  // The server names who each document is billed to (issue 16); "You" for the reseller's own.
  const nameOf = (d: StoreDocument) => (d.accountId === me.account.id ? "You" : d.accountName || d.accountId);
  return (
    <>
      <PageHeader
        title="Invoices and credit notes"
        description={
          me.isReseller
            ? "Your own documents and your customers'."
            : "Every invoice and credit note billed to you."
        }
      />
      <ListView
        list={list}
        columns={columns(alias, me.isReseller, nameOf)}
        rowKey={(d) => d.id}
        rowTestId="store-document"
        noun="documents"
        empty="No invoices or credit notes yet"
      />
    </>
  );
}
