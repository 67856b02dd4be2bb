import { Anchor, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import { formatDate, formatDateTime, formatMoney, toPage, withQuery } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { useUrlFilters } from "../../components/filters.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { useApi } from "../../hooks.ts";
import { OrderStatusBadge } from "../StoreBadges.tsx";
import { useStore } from "../StoreLayout.tsx";
import { useMe } from "../StoreSession.tsx";
import type { OrderSummary } from "../store.api.ts";

const LIMIT = 25;

/** R-DSH-02: order number (links to details), status, order date, total ("-" on the reseller's orders). */
export function OrdersPage() {
  const { alias } = useStore();
  const me = useMe();
  const [params, update] = useUrlFilters();
  const offset = Number(params.get("offset") ?? 0) || 0;
  const state = useApi(
    withQuery("/api/storefront/orders", { limit: LIMIT, offset, sort: "-createdAt" }),
    (raw) => toPage(raw, (o) => o as OrderSummary),
  );
  return (
    <>
      <PageHeader title="Orders" crumbs={[{ label: "Billing", to: `/store/${alias}/billing` }]} />
      <DataTable
        state={state}
        minWidth={520}
        empty="No orders yet"
        head={
          me.isReseller
            ? ["Order #", "Customer", "Status", "Order date", "Total"]
            : ["Order #", "Status", "Order date", "Total"]
        }
        row={(o) => (
          <Table.Tr key={o.id}>
            <Table.Td>
              <Anchor component={Link} to={`/store/${alias}/billing/orders/${o.id}`} fw={500}>
                #{o.number}
              </Anchor>
            </Table.Td>
            {me.isReseller && (
              <Table.Td>{o.accountId === me.account.id ? "You" : (o.accountName ?? "—")}</Table.Td>
            )}
            <Table.Td>
              <OrderStatusBadge status={o.status} />
            </Table.Td>
            <Table.Td>{o.orderDate ? formatDate(o.orderDate) : formatDateTime(o.createdAt)}</Table.Td>
            <Table.Td>
              {o.total ? (
                formatMoney(o.total)
              ) : (
                <Text span c="dimmed" title="Placed by your reseller on your behalf">
                  -
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        )}
      />
      {state.data && (
        <Pager
          total={state.data.total}
          limit={LIMIT}
          offset={state.data.offset}
          onChange={(o) => update({ offset: o })}
          noun="orders"
        />
      )}
    </>
  );
}
