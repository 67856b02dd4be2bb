import { Alert, Anchor, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { Link, useParams } from "react-router";
import { formatDate, formatDateTime, formatMoney } from "../../api.ts";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryView } from "../../components/States.tsx";
import { useApi } from "../../hooks.ts";
import { OrderStatusBadge } from "../StoreBadges.tsx";
import { useStore } from "../StoreLayout.tsx";
import { useMe } from "../StoreSession.tsx";
import { BILLING_PLAN_LABELS, type Order } from "../store.api.ts";
import { OrderApproval } from "./OrderApproval.tsx";

function lineColumns(base: string): Column<Order["lines"][number]>[] {
  return [
    {
      key: "product",
      header: "Product",
      primary: true,
      render: (l) => (
        <>
          <Text fw={500}>{l.productName}</Text>
          <Text size="xs" c="dimmed">
            {BILLING_PLAN_LABELS[l.billingPlan] ?? l.billingPlan}
            {l.addons.length > 0 && ` · ${l.addons.map((a) => `${a.name} × ${a.quantity}`).join(", ")}`}
          </Text>
        </>
      ),
    },
    {
      key: "delivery",
      header: "Delivery",
      render: (l) =>
        l.subscriptionId ? (
          <Anchor component={Link} to={`${base}/subscriptions/${l.subscriptionId}`} size="sm">
            Delivered
          </Anchor>
        ) : (
          <Text size="sm" c="dimmed" component="span">
            Not yet delivered
          </Text>
        ),
    },
    { key: "quantity", header: "Quantity", align: "right", render: (l) => l.quantity },
    {
      key: "unitPrice",
      header: "Unit price",
      nowrap: true,
      render: (l) => (l.unitPrice ? formatMoney(l.unitPrice) : "-"),
    },
    { key: "discount", header: "Discount", render: (l) => (l.unitPrice ? "0 %" : "-") },
    {
      key: "total",
      header: "Total",
      align: "right",
      nowrap: true,
      render: (l) => (l.total ? formatMoney(l.total) : "-"),
    },
  ];
}

/** R-DSH-02 order details: number, delivery status, quantity, unit price, discount, total, status. */
export function OrderDetailPage() {
  const { alias } = useStore();
  const me = useMe();
  const { id = "" } = useParams();
  const state = useApi<Order>(`/api/storefront/orders/${encodeURIComponent(id)}`);
  const base = `/store/${alias}/billing`;
  return (
    <QueryView state={state} loadingLabel="Loading the order…">
      {(o) => (
        <>
          <PageHeader
            title={`Order #${o.number ?? "—"}`}
            crumbs={[
              { label: "Billing", to: base },
              { label: "Orders", to: `${base}/orders` },
            ]}
          />
          <Stack gap="lg">
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              <div>
                <Text size="xs" c="dimmed">
                  Status
                </Text>
                <OrderStatusBadge status={o.status} />
              </div>
              <div>
                <Text size="xs" c="dimmed">
                  Order date
                </Text>
                <Text>{o.orderDate ? formatDate(o.orderDate) : formatDateTime(o.createdAt)}</Text>
              </div>
              <div>
                <Text size="xs" c="dimmed">
                  Placed by
                </Text>
                <Text>
                  {o.onBehalf
                    ? me.isReseller
                      ? `You, for ${o.accountName ?? "your customer"}`
                      : "Your reseller"
                    : me.isReseller && o.accountId !== me.account.id
                      ? (o.accountName ?? "Your customer")
                      : "You"}
                </Text>
              </div>
              <div>
                <Text size="xs" c="dimmed">
                  Total
                </Text>
                <Text fw={700}>{o.total ? formatMoney(o.total) : "-"}</Text>
              </div>
            </SimpleGrid>
            {me.isReseller && o.status === "pending_reseller_approval" && o.accountId !== me.account.id && (
              <OrderApproval order={o} onDone={state.reload} />
            )}
            {o.rejectionReason && (
              <Alert color="gray" title="Rejected by your reseller">
                {o.rejectionReason}
              </Alert>
            )}
            <Paper withBorder p="md">
              <Title order={2} fz="h4" mb="sm">
                Items
              </Title>
              <ItemsTable items={o.lines} columns={lineColumns(base)} rowKey={(l) => l.id} label="Items" />
            </Paper>
            {o.note && (
              <Group>
                <Text size="sm" c="dimmed">
                  Note:
                </Text>
                <Text size="sm">{o.note}</Text>
              </Group>
            )}
          </Stack>
        </>
      )}
    </QueryView>
  );
}
