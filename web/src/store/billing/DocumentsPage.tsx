import { Anchor, Badge, Group, SegmentedControl, Select, Table } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { Link } from "react-router";
import { formatDate, formatMoney, type Money, toPage, withQuery } from "../../api.ts";
import { PAYMENT_STATUSES, type PaymentStatus } from "../../bss/billing/billing.api.ts";
import { PaymentStatusBadge } from "../../bss/billing/PaymentStatusBadge.tsx";
import { DataTable } from "../../components/DataTable.tsx";
import { useUrlFilters } from "../../components/filters.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
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

const LIMIT = 25;
const KINDS = [
  { value: "", label: "All" },
  { value: "invoice", label: "Invoices" },
  { value: "credit_note", label: "Credit notes" },
];

/**
 * R-DOC-03: the Storefront's invoices and credit notes — an end customer's own, a reseller's own
 * and its customers' (the API's scope, with the customer named) — filtered by kind, payment status
 * and customer (in the URL), each opening its detail and downloadable as its PDF.
 */
export function DocumentsPage() {
  const me = useMe();
  const { alias } = useStore();
  const [params, update] = useUrlFilters();
  const kind = params.get("kind") ?? "";
  const paymentStatus = params.get("paymentStatus") ?? "";
  const accountId = params.get("accountId") ?? "";
  const offset = Number(params.get("offset") ?? 0) || 0;
  const state = useApi(
    withQuery("/api/storefront/documents", { kind, paymentStatus, accountId, limit: LIMIT, offset }),
    (raw) => toPage(raw, (d) => d as StoreDocument),
  );
  const customers = useApi<{ items: Array<{ id: string; name: string }> }>(
    me.isReseller ? "/api/storefront/accounts?limit=500" : null,
  );
  // The server names who each document is billed to (issue 16); "You" for the reseller's own.
  const nameOf = (d: StoreDocument) => (d.accountId === me.account.id ? "You" : d.accountName || d.accountId);
  const showDue = state.data?.items.some((d) => d.dueDate) ?? false;
  const head = [
    "Number",
    "Kind",
    "Date",
    ...(showDue ? ["Due date"] : []),
    ...(me.isReseller ? ["Billed to"] : []),
    "Total",
    "Payment",
    "PDF",
  ];
  const filtered = Boolean(kind || paymentStatus || accountId);
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
      <Group mb="md" align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label="Kind"
          data={KINDS}
          value={kind}
          onChange={(v) => update({ kind: v || null, offset: null })}
        />
        <Select
          label="Payment status"
          placeholder="Any"
          data={PAYMENT_STATUSES.map(({ value, label }) => ({ value, label }))}
          value={paymentStatus || null}
          onChange={(v) => update({ paymentStatus: v, offset: null })}
          clearable
          w={180}
        />
        {me.isReseller && (
          <Select
            label="Customer"
            placeholder="Everyone"
            data={[
              { value: me.account.id, label: "You" },
              ...(customers.data?.items ?? [])
                .filter((a) => a.id !== me.account.id)
                .map((a) => ({ value: a.id, label: a.name })),
            ]}
            value={accountId || null}
            onChange={(v) => update({ accountId: v, offset: null })}
            clearable
            searchable
            w={220}
          />
        )}
      </Group>
      <DataTable
        state={state}
        minWidth={560}
        empty={filtered ? "No documents match these filters" : "No invoices or credit notes yet"}
        head={head}
        row={(d) => (
          <Table.Tr key={d.id} data-testid="store-document">
            <Table.Td>
              <Anchor
                component={Link}
                to={`/store/${alias}/billing/documents/${encodeURIComponent(d.id)}`}
                size="sm"
                fw={500}
              >
                {d.number}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <Badge variant="light" color={d.kind === "invoice" ? "indigo" : "teal"}>
                {documentKindLabel(d.kind)}
              </Badge>
            </Table.Td>
            <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(d.issueDate)}</Table.Td>
            {showDue && <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(d.dueDate ?? null)}</Table.Td>}
            {me.isReseller && <Table.Td data-testid="billed-to">{nameOf(d)}</Table.Td>}
            <Table.Td style={{ whiteSpace: "nowrap" }}>{formatMoney(d.gross)}</Table.Td>
            <Table.Td>{d.kind === "invoice" ? <PaymentStatusBadge document={d} /> : "—"}</Table.Td>
            <Table.Td>
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
            </Table.Td>
          </Table.Tr>
        )}
      />
      {state.data && (
        <Pager
          total={state.data.total}
          limit={state.data.limit || LIMIT}
          offset={state.data.offset}
          onChange={(o) => update({ offset: o })}
          noun="documents"
        />
      )}
    </>
  );
}
