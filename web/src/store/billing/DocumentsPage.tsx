import { Anchor, Badge, Group, SegmentedControl, Table, Text } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { formatDate, formatMoney, type Money, toPage, withQuery } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { useUrlFilters } from "../../components/filters.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { useApi } from "../../hooks.ts";
import { useMe } from "../StoreSession.tsx";

interface StoreDocument {
  id: string;
  kind: "invoice" | "credit_note";
  number: string;
  accountId: string;
  issueDate: string;
  /** R-PAY-01: present once invoices carry a due date. */
  dueDate?: string | null;
  gross: Money;
}

const LIMIT = 25;
const KINDS = [
  { value: "", label: "All" },
  { value: "invoice", label: "Invoices" },
  { value: "credit_note", label: "Credit notes" },
];

/**
 * R-DOC-03: the Storefront's invoices and credit notes — an end customer's own, a reseller's own
 * and its customers' (the API's scope) — each downloadable as its PDF.
 */
export function DocumentsPage() {
  const me = useMe();
  const [params, update] = useUrlFilters();
  const kind = params.get("kind") ?? "";
  const offset = Number(params.get("offset") ?? 0) || 0;
  const state = useApi(withQuery("/api/storefront/documents", { kind, limit: LIMIT, offset }), (raw) =>
    toPage(raw, (d) => d as StoreDocument),
  );
  const customers = useApi<{ items: Array<{ id: string; name: string }> }>(
    me.isReseller ? "/api/storefront/accounts?limit=500" : null,
  );
  const nameOf = (accountId: string) =>
    accountId === me.account.id
      ? "You"
      : (customers.data?.items.find((a) => a.id === accountId)?.name ?? accountId);
  const showDue = state.data?.items.some((d) => d.dueDate) ?? false;
  const head = [
    "Number",
    "Kind",
    "Date",
    ...(showDue ? ["Due date"] : []),
    ...(me.isReseller ? ["Billed to"] : []),
    "Total",
    "PDF",
  ];
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
      <Group mb="md">
        <SegmentedControl
          aria-label="Kind"
          data={KINDS}
          value={kind}
          onChange={(v) => update({ kind: v || null, offset: null })}
        />
      </Group>
      <DataTable
        state={state}
        minWidth={560}
        empty={kind ? "No documents of this kind" : "No invoices or credit notes yet"}
        head={head}
        row={(d) => (
          <Table.Tr key={d.id} data-testid="store-document">
            <Table.Td>
              <Text size="sm" fw={500}>
                {d.number}
              </Text>
            </Table.Td>
            <Table.Td>
              <Badge variant="light" color={d.kind === "invoice" ? "indigo" : "teal"}>
                {d.kind === "invoice" ? "Invoice" : "Credit note"}
              </Badge>
            </Table.Td>
            <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(d.issueDate)}</Table.Td>
            {showDue && <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(d.dueDate ?? null)}</Table.Td>}
            {me.isReseller && <Table.Td>{nameOf(d.accountId)}</Table.Td>}
            <Table.Td style={{ whiteSpace: "nowrap" }}>{formatMoney(d.gross)}</Table.Td>
            <Table.Td>
              <Anchor
                href={`/api/storefront/documents/${encodeURIComponent(d.id)}/pdf`}
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
