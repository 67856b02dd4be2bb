import { Anchor, Badge, Button, Group } from "@mantine/core";
import { Link } from "react-router";
import { formatDate, formatMoney } from "../../api.ts";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column, Filter } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { AccountFilterNote } from "../accounts/AccountFilterNote.tsx";
import { AccountName } from "../accounts/AccountName.tsx";
import {
  type BillingDocument,
  DOCUMENT_KINDS,
  DOCUMENT_STATUSES,
  documentKindLabel,
  documentNumber,
  PAYMENT_STATUSES,
  toDocumentPage,
} from "./billing.api.ts";
import { PaymentStatusBadge } from "./PaymentStatusBadge.tsx";

const FILTERS: Filter[] = [
  { kind: "search", name: "number", label: "Number", placeholder: "e.g. 000042" },
  { kind: "select", name: "kind", label: "Kind", placeholder: "Both", data: DOCUMENT_KINDS },
  { kind: "select", name: "status", label: "Status", placeholder: "All", data: DOCUMENT_STATUSES },
  {
    kind: "select",
    name: "paymentStatus",
    label: "Payment",
    placeholder: "Any",
    data: PAYMENT_STATUSES.map(({ value, label }) => ({ value, label })),
  },
  { kind: "date", name: "from", label: "Issued from" },
  { kind: "date", name: "to", label: "Issued until" },
  { kind: "hidden", name: "accountId" },
];

const COLUMNS: Column<BillingDocument>[] = [
  {
    key: "number",
    header: "Number",
    sort: "number",
    primary: true,
    render: (d) => (
      <Anchor component={Link} to={`/bss/billing/documents/${d.id}`} fw={500} className="mono">
        {documentNumber(d)}
      </Anchor>
    ),
  },
  {
    key: "kind",
    header: "Kind",
    render: (d) => (
      <Group gap={4} wrap="nowrap">
        <Badge variant="light" color={d.kind === "invoice" ? "indigo" : "teal"}>
          {documentKindLabel(d.kind)}
        </Badge>
        {d.status === "draft" && (
          <Badge variant="filled" color="yellow" data-testid="status-badge">
            Draft
          </Badge>
        )}
      </Group>
    ),
  },
  { key: "account", header: "Account", render: (d) => <AccountName id={d.accountId} /> },
  {
    key: "issueDate",
    header: "Issued",
    sort: "issueDate",
    nowrap: true,
    render: (d) => formatDate(d.issueDate),
  },
  { key: "dueDate", header: "Due", nowrap: true, render: (d) => (d.dueDate ? formatDate(d.dueDate) : "—") },
  { key: "lines", header: "Lines", align: "right", render: (d) => d.lineCount },
  { key: "net", header: "Net", align: "right", nowrap: true, render: (d) => formatMoney(d.net) },
  { key: "tax", header: "Tax", align: "right", nowrap: true, render: (d) => formatMoney(d.tax) },
  {
    key: "gross",
    header: "Total",
    sort: "gross",
    align: "right",
    nowrap: true,
    render: (d) => <b>{formatMoney(d.gross)}</b>,
  },
  { key: "payment", header: "Payment", render: (d) => <PaymentStatusBadge document={d} /> },
];

/** The accounting export of the filtered issue period (this year without one): Excel or CSV. */
function AccountingExportButtons({ from, to }: { from: string; to: string }) {
  const year = new Date().getUTCFullYear();
  const query = `from=${from || `${year}-01-01`}&to=${to || `${year}-12-31`}`;
  return (
    <Group gap="xs">
      <Button component="a" href={`/api/bss/accounting-export?${query}`} variant="default" size="xs">
        Accounting export (Excel)
      </Button>
      <Button
        component="a"
        href={`/api/bss/accounting-export?${query}&format=csv`}
        variant="default"
        size="xs"
      >
        CSV
      </Button>
    </Group>
  );
}

export function DocumentsPage() {
  const list = useList({
    path: "/api/bss/documents",
    map: toDocumentPage,
    filters: FILTERS,
    defaultSort: "-issueDate",
  });
  return (
    <>
      <PageHeader
        title="Invoices and credit notes"
        description="Every document issued, with its lines, and the draft credit notes not issued yet."
        actions={<AccountingExportButtons from={list.values.from ?? ""} to={list.values.to ?? ""} />}
      />
      <ListView
        list={list}
        columns={COLUMNS}
        rowKey={(d) => d.id}
        noun="documents"
        empty="No documents yet"
        emptyHint={
          list.filtered ? undefined : "Invoices are issued by the billing run and when orders execute."
        }
      >
        <AccountFilterNote
          accountId={list.values.accountId ?? ""}
          onClear={() => list.update({ accountId: null, offset: null })}
        />
      </ListView>
    </>
  );
}
