import { Alert, Anchor, Button, Group, Paper, Stack, Table, Text } from "@mantine/core";
import { IconCircleCheck } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { api, formatMoney } from "../api.ts";
import { PageHeader } from "../components/PageHeader.tsx";
import { QueryView } from "../components/States.tsx";
import { useApi } from "../hooks.ts";
import { OrderStatusBadge, SyncBadge } from "./StoreBadges.tsx";
import { useStore } from "./StoreLayout.tsx";
import { ORDER_STATUS_LABELS, type Order } from "./store.api.ts";

interface SubscriptionSync {
  id: string;
  syncStatus: string;
  syncError: string | null;
}

/** Polls a new subscription's provisioning until the vendor has answered (Synchronized or Failed). */
function LiveSync({ id }: { id: string }) {
  const [sub, setSub] = useState<SubscriptionSync | null>(null);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const s = await api.get<SubscriptionSync>(`/api/storefront/subscriptions/${encodeURIComponent(id)}`);
        if (!live) return;
        setSub(s);
        if (s.syncStatus === "synchronized" || s.syncStatus === "failed") return;
      } catch {
        // keep polling: a transient failure should not freeze the status
      }
      if (live) timer = setTimeout(poll, 1500);
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [id]);
  if (!sub) return <Text c="dimmed">…</Text>;
  return (
    <Stack gap={2}>
      <SyncBadge status={sub.syncStatus} />
      {sub.syncError && (
        <Text size="xs" c="red">
          {sub.syncError}
        </Text>
      )}
    </Stack>
  );
}

/** After checkout: the order's number and status, and each new subscription's provisioning. */
export function OrderConfirmationPage() {
  const { alias } = useStore();
  const { id = "" } = useParams();
  const state = useApi<Order>(`/api/storefront/orders/${encodeURIComponent(id)}`);
  return (
    <QueryView state={state} loadingLabel="Loading your order…">
      {(order) => (
        <>
          <PageHeader title={`Order #${order.number ?? "—"} placed`} />
          <Stack gap="lg">
            <Alert
              color="green"
              variant="light"
              icon={<IconCircleCheck size={18} />}
              title="Thank you for your order"
            >
              {/* A div, not a Text (<p>): the badge renders a div, which a <p> may not hold. */}
              <Text size="sm" component="div">
                Status: <OrderStatusBadge status={order.status} />{" "}
                {order.status === "pending_reseller_approval" &&
                  "Your reseller reviews the order before it is executed."}
              </Text>
              <Text size="sm" mt={4}>
                A confirmation email with a link to this order's status has been sent.
              </Text>
            </Alert>
            <Paper withBorder p="md">
              <Table.ScrollContainer minWidth={520}>
                <Table verticalSpacing="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Product</Table.Th>
                      <Table.Th>Licences</Table.Th>
                      <Table.Th>Total</Table.Th>
                      <Table.Th>Provisioning</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {order.lines.map((l) => (
                      <Table.Tr key={l.id}>
                        <Table.Td>{l.productName}</Table.Td>
                        <Table.Td>{l.quantity}</Table.Td>
                        <Table.Td>{l.total ? formatMoney(l.total) : "-"}</Table.Td>
                        <Table.Td>
                          {l.subscriptionId ? (
                            <LiveSync id={l.subscriptionId} />
                          ) : (
                            <Text size="sm" c="dimmed">
                              {ORDER_STATUS_LABELS[order.status] ?? order.status}
                            </Text>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Group justify="flex-end" mt="sm">
                <Text fw={700}>Total: {order.total ? formatMoney(order.total) : "-"}</Text>
              </Group>
            </Paper>
            <Group>
              <Button component={Link} to={`/store/${alias}/billing/orders/${order.id}`} variant="light">
                View the order
              </Button>
              <Anchor component={Link} to={`/store/${alias}`}>
                Continue shopping
              </Anchor>
            </Group>
          </Stack>
        </>
      )}
    </QueryView>
  );
}
