import { Anchor, Text } from "@mantine/core";
import { Link } from "react-router";
import { formatDate, formatDateTime, formatMoney, toPage } from "../../api.ts";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column, Filter } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { OrderStatusBadge } from "../StoreBadges.tsx";
import { useStore } from "../StoreLayout.tsx";
import { useMe } from "../StoreSession.tsx";
import { ORDER_STATUS_LABELS, type OrderSummary } from "../store.api.ts";

type Row = OrderSummary;

const FILTERS: Filter[] = [
  {
    kind: "select",
    name: "status",
    label: "Status",
    placeholder: "Any status",
    data: Object.entries(ORDER_STATUS_LABELS)
      .filter(([value]) => value !== "draft")
      .map(([value, label]) => ({ value, label })),
  },
];

function columns(alias: string, reseller: boolean, self: string): Column<Row>[] {
  return [
    {
      key: "number",
      header: "Order #",
      sort: "number",
      primary: true,
      render: (o) => (
        <Anchor component={Link} to={`/store/${alias}/billing/orders/${o.id}`} fw={500}>
          #{o.number}
        </Anchor>
      ),
    },
    ...(reseller
      ? [
          {
            key: "customer",
            header: "Customer",
            render: (o: Row) => (o.accountId === self ? "You" : (o.accountName ?? "—")),
          },
        ]
      : []),
    {
      key: "status",
      header: "Status",
      sort: "status",
      render: (o) => <OrderStatusBadge status={o.status} />,
    },
    {
      key: "orderDate",
      header: "Order date",
      sort: "orderDate",
      nowrap: true,
      render: (o) => (o.orderDate ? formatDate(o.orderDate) : formatDateTime(o.createdAt)),
    },
    {
      key: "total",
      header: "Total",
      align: "right",
      nowrap: true,
      render: (o) =>
        o.total ? (
          formatMoney(o.total)
        ) : (
          <Text span c="dimmed" title="Placed by your reseller on your behalf">
            -
          </Text>
        ),
    },
  ];
}

/** R-DSH-02: order number (links to details), status, order date, total ("-" on the reseller's orders). */
export function OrdersPage() {
  const { alias } = useStore();
  const me = useMe();
  const list = useList({
    path: "/api/storefront/orders",
    map: (raw) => toPage(raw, (o) => o as Row),
    filters: FILTERS,
    defaultSort: "-createdAt",
  });
  return (
    <>
      <PageHeader title="Orders" crumbs={[{ label: "Billing", to: `/store/${alias}/billing` }]} />
      <ListView
        list={list}
        columns={columns(alias, me.isReseller, me.account.id)}
        rowKey={(o) => o.id}
        noun="orders"
        empty="No orders yet"
      />
    </>
  );
}
