import { Anchor, Badge, Button, Group, Paper, Select, Table, TextInput } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { Link } from "react-router";
import { formatDate, formatMoney, labelOf, withQuery } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { useUrlFilters } from "../../components/filters.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { StatusBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { AccountFilterNote } from "../accounts/AccountFilterNote.tsx";
import { AccountName } from "../accounts/AccountName.tsx";
import { useCanWrite } from "../session.tsx";
import { ORDER_STATUSES, orderTitle, toOrderPage } from "./orders.api.ts";

const LIMIT = 25;
const CHANNELS = [
  { value: "bss", label: "Back office" },
  { value: "storefront", label: "Storefront" },
];

export function OrdersPage() {
  const [params, update] = useUrlFilters();
  const filters = {
    status: params.get("status") ?? "",
    channel: params.get("channel") ?? "",
    accountId: params.get("accountId") ?? "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
  };
  const offset = Number(params.get("offset") ?? 0) || 0;
  const state = useApi(
    withQuery("/api/bss/orders", { ...filters, sort: "-createdAt", limit: LIMIT, offset }),
    toOrderPage,
  );
  const filtered = Object.values(filters).some(Boolean);
  const canWrite = useCanWrite();
  const w = { base: "100%", xs: 200 };
  return (
    <>
      <PageHeader
        title="Orders"
        description="Orders from the back office and the Storefronts."
        actions={
          canWrite && (
            <Button component={Link} to="/bss/orders/new" leftSection={<IconPlus size={16} />}>
              New order
            </Button>
          )
        }
      />
      <Paper p="md">
        <Group mb="md" gap="sm" align="flex-end">
          <Select
            label="Status"
            placeholder="Any status"
            data={ORDER_STATUSES}
            value={filters.status || null}
            onChange={(v) => update({ status: v, offset: null })}
            clearable
            w={w}
          />
          <Select
            label="Channel"
            placeholder="Both"
            data={CHANNELS}
            value={filters.channel || null}
            onChange={(v) => update({ channel: v, offset: null })}
            clearable
            w={w}
          />
          <TextInput
            type="date"
            label="Ordered from"
            value={filters.from}
            onChange={(e) => update({ from: e.currentTarget.value, offset: null })}
            w={{ base: "100%", xs: 160 }}
          />
          <TextInput
            type="date"
            label="Ordered until"
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
          minWidth={720}
          empty={filtered ? "No orders match these filters" : "No orders yet"}
          head={["Order", "Customer", "Ordered", "Channel", "Lines", "Total", "Status"]}
          row={(o) => (
            <Table.Tr key={o.id}>
              <Table.Td>
                <Anchor component={Link} to={`/bss/orders/${o.id}`} fw={500}>
                  {orderTitle(o)}
                </Anchor>
                {o.onBehalf && (
                  <Badge size="xs" variant="light" ml={6}>
                    on behalf
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{o.accountId ? <AccountName id={o.accountId} name={o.accountName} /> : "—"}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(o.orderDate)}</Table.Td>
              <Table.Td>{labelOf("channel", o.channel)}</Table.Td>
              <Table.Td>{o.lineCount ?? "—"}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatMoney(o.total)}</Table.Td>
              <Table.Td>
                <StatusBadge status={o.status} />
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
            noun="orders"
          />
        )}
      </Paper>
    </>
  );
}
