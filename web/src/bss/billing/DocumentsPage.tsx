import { Anchor, Badge, Button, Group, Paper, Select, Table, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { formatDate, formatMoney, withQuery } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { useUrlFilters } from "../../components/filters.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { useApi } from "../../hooks.ts";
import { AccountFilterNote } from "../accounts/AccountFilterNote.tsx";
import { AccountName } from "../accounts/AccountName.tsx";
import {
  DOCUMENT_KINDS,
  DOCUMENT_STATUSES,
  documentKindLabel,
  documentNumber,
  PAYMENT_STATUSES,
  toDocumentPage,
} from "./billing.api.ts";
import { PaymentStatusBadge } from "./PaymentStatusBadge.tsx";

const LIMIT = 25;

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
  const [params, update] = useUrlFilters();
  const filters = {
    kind: params.get("kind") ?? "",
    status: params.get("status") ?? "",
    accountId: params.get("accountId") ?? "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    number: params.get("number") ?? "",
    paymentStatus: params.get("paymentStatus") ?? "",
  };
  const offset = Number(params.get("offset") ?? 0) || 0;
  const [number, setNumber] = useState(filters.number);
  const [debounced] = useDebouncedValue(number.trim(), 300);
  useEffect(() => {
    if (debounced !== filters.number) update({ number: debounced, offset: null });
  }, [debounced, filters.number, update]);
  const state = useApi(
    withQuery("/api/bss/documents", { ...filters, sort: "-issueDate", limit: LIMIT, offset }),
    toDocumentPage,
  );
  const filtered = Object.values(filters).some(Boolean);

  return (
    <>
      <PageHeader
        title="Invoices and credit notes"
        description="Every document issued, with its lines, and the draft credit notes not issued yet."
        actions={<AccountingExportButtons from={filters.from} to={filters.to} />}
      />
      <Paper p="md">
        <Group mb="md" gap="sm" align="flex-end">
          <TextInput
            label="Number"
            type="search"
            placeholder="e.g. 000042"
            value={number}
            onChange={(e) => setNumber(e.currentTarget.value)}
            w={{ base: "100%", xs: 180 }}
          />
          <Select
            label="Kind"
            placeholder="Both"
            data={DOCUMENT_KINDS}
            value={filters.kind || null}
            onChange={(v) => update({ kind: v, offset: null })}
            clearable
            w={{ base: "100%", xs: 160 }}
          />
          <Select
            label="Status"
            placeholder="All"
            data={DOCUMENT_STATUSES}
            value={filters.status || null}
            onChange={(v) => update({ status: v, offset: null })}
            clearable
            w={{ base: "100%", xs: 140 }}
          />
          <Select
            label="Payment"
            placeholder="Any"
            data={PAYMENT_STATUSES.map(({ value, label }) => ({ value, label }))}
            value={filters.paymentStatus || null}
            onChange={(v) => update({ paymentStatus: v, offset: null })}
            clearable
            w={{ base: "100%", xs: 160 }}
          />
          <TextInput
            type="date"
            label="Issued from"
            value={filters.from}
            onChange={(e) => update({ from: e.currentTarget.value, offset: null })}
            w={{ base: "100%", xs: 160 }}
          />
          <TextInput
            type="date"
            label="Issued until"
            value={filters.to}
            onChange={(e) => update({ to: e.currentTarget.value, offset: null })}
            w={{ base: "100%", xs: 160 }}
          />
        </Group>
        <AccountFilterNote
          accountId={filters.accountId}
          onClear={() => update({ accountId: null, offset: null })}
        />
        <DataTable
          state={state}
          minWidth={980}
          empty={filtered ? "No documents match these filters" : "No documents yet"}
          emptyHint={filtered ? undefined : "Invoices are issued by the billing run and when orders execute."}
          head={["Number", "Kind", "Account", "Issued", "Due", "Lines", "Net", "Tax", "Total", "Payment"]}
          row={(d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <Anchor component={Link} to={`/bss/billing/documents/${d.id}`} fw={500} className="mono">
                  {documentNumber(d)}
                </Anchor>
              </Table.Td>
              <Table.Td>
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
              </Table.Td>
              <Table.Td>
                <AccountName id={d.accountId} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(d.issueDate)}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{d.dueDate ? formatDate(d.dueDate) : "—"}</Table.Td>
              <Table.Td>{d.lineCount}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatMoney(d.net)}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatMoney(d.tax)}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }} fw={600}>
                {formatMoney(d.gross)}
              </Table.Td>
              <Table.Td>
                <PaymentStatusBadge document={d} />
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
      </Paper>
    </>
  );
}
