import { Alert, Anchor, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { Link, useParams } from "react-router";
import { formatDate, formatDateTime, formatMoney } from "../../api.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryView } from "../../components/States.tsx";
import { useApi } from "../../hooks.ts";
import { OrderStatusBadge } from "../StoreBadges.tsx";
import { useStore } from "../StoreLayout.tsx";
import { useMe } from "../StoreSession.tsx";
import { BILLING_PLAN_LABELS, type Order } from "../store.api.ts";
import { OrderApproval } from "./OrderApproval.tsx";

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
              <Table.ScrollContainer minWidth={640}>
                <Table verticalSpacing="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Product</Table.Th>
                      <Table.Th>Delivery</Table.Th>
                      <Table.Th>Quantity</Table.Th>
                      <Table.Th>Unit price</Table.Th>
                      <Table.Th>Discount</Table.Th>
                      <Table.Th>Total</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {o.lines.map((l) => (
                      <Table.Tr key={l.id}>
                        <Table.Td>
                          <Text fw={500}>{l.productName}</Text>
                          <Text size="xs" c="dimmed">
                            {BILLING_PLAN_LABELS[l.billingPlan] ?? l.billingPlan}
                            {l.addons.length > 0 &&
                              ` · ${l.addons.map((a) => `${a.name} × ${a.quantity}`).join(", ")}`}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          {l.subscriptionId ? (
                            <Anchor
                              component={Link}
                              to={`${base}/subscriptions/${l.subscriptionId}`}
                              size="sm"
                            >
                              Delivered
                            </Anchor>
                          ) : (
                            <Text size="sm" c="dimmed">
                              Not yet delivered
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{l.quantity}</Table.Td>
                        <Table.Td>{l.unitPrice ? formatMoney(l.unitPrice) : "-"}</Table.Td>
                        <Table.Td>{l.unitPrice ? "0 %" : "-"}</Table.Td>
                        <Table.Td>{l.total ? formatMoney(l.total) : "-"}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
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
