import { Anchor, Badge, Button } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { Link } from "react-router";
import { formatDate, formatMoney, labelOf } from "../../api.ts";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column, Filter } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { StatusBadge } from "../../components/Values.tsx";
import { AccountFilterNote } from "../accounts/AccountFilterNote.tsx";
import { AccountName } from "../accounts/AccountName.tsx";
import { useCanWrite } from "../session.tsx";
import { ORDER_STATUSES, type OrderSummary, orderTitle, toOrderPage } from "./orders.api.ts";

const FILTERS: Filter[] = [
  { kind: "select", name: "status", label: "Status", placeholder: "Any status", data: ORDER_STATUSES },
  {
    kind: "select",
    name: "channel",
    label: "Channel",
    placeholder: "Both",
    data: [
      { value: "bss", label: "Back office" },
      { value: "storefront", label: "Storefront" },
    ],
  },
  { kind: "date", name: "from", label: "Ordered from" },
  { kind: "date", name: "to", label: "Ordered until" },
  { kind: "hidden", name: "accountId" },
];

const COLUMNS: Column<OrderSummary>[] = [
  {
    key: "number",
    header: "Order",
    sort: "number",
    primary: true,
    render: (o) => (
      <>
        <Anchor component={Link} to={`/bss/orders/${o.id}`} fw={500}>
          {orderTitle(o)}
        </Anchor>
        {o.onBehalf && (
          <Badge size="xs" variant="light" ml={6}>
            on behalf
          </Badge>
        )}
      </>
    ),
  },
  {
    key: "customer",
    header: "Customer",
    render: (o) => (o.accountId ? <AccountName id={o.accountId} name={o.accountName} /> : "—"),
  },
  {
    key: "orderDate",
    header: "Ordered",
    sort: "orderDate",
    nowrap: true,
    render: (o) => formatDate(o.orderDate),
  },
  { key: "channel", header: "Channel", render: (o) => labelOf("channel", o.channel) },
  { key: "lines", header: "Lines", align: "right", render: (o) => o.lineCount ?? "—" },
  { key: "total", header: "Total", align: "right", nowrap: true, render: (o) => formatMoney(o.total) },
  { key: "status", header: "Status", sort: "status", render: (o) => <StatusBadge status={o.status} /> },
];

export function OrdersPage() {
  const list = useList({
    path: "/api/bss/orders",
    map: toOrderPage,
    filters: FILTERS,
    defaultSort: "-createdAt",
  });
  const canWrite = useCanWrite();
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
      <ListView list={list} columns={COLUMNS} rowKey={(o) => o.id} noun="orders" empty="No orders yet">
        <AccountFilterNote
          accountId={list.values.accountId ?? ""}
          onClear={() => list.update({ accountId: null, offset: null })}
        />
      </ListView>
    </>
  );
}
