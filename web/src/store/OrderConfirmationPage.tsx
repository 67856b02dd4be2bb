import { Alert, Anchor, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { IconCircleCheck } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { api, formatMoney } from "../api.ts";
import { ItemsTable } from "../components/list/ListView.tsx";
import type { Column } from "../components/list/list.types.ts";
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

const answered = (s: SubscriptionSync | undefined) =>
  s?.syncStatus === "synchronized" || s?.syncStatus === "failed";

/** Polls the new subscriptions' provisioning until the vendor has answered each (Synchronized or Failed). */
function useLiveSync(ids: string[]): Record<string, SubscriptionSync> {
  const [subs, setSubs] = useState<Record<string, SubscriptionSync>>({});
  const key = ids.join(",");
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const all = key ? key.split(",") : [];
    const done = new Set<string>();
    const poll = async () => {
      await Promise.all(
        all
          .filter((id) => !done.has(id))
          .map(async (id) => {
            try {
              const s = await api.get<SubscriptionSync>(
                `/api/storefront/subscriptions/${encodeURIComponent(id)}`,
              );
              if (!live) return;
              setSubs((m) => ({ ...m, [id]: s }));
              if (answered(s)) done.add(id);
            } catch {
              // keep polling: a transient failure should not freeze the status
            }
          }),
      );
      if (live && all.some((id) => !done.has(id))) timer = setTimeout(poll, 1500);
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [key]);
  return subs;
}

function SyncState({ sub }: { sub: SubscriptionSync | undefined }) {
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

function OrderLines({ order }: { order: Order }) {
  const subs = useLiveSync(order.lines.flatMap((l) => (l.subscriptionId ? [l.subscriptionId] : [])));
  const columns: Column<Order["lines"][number]>[] = [
    { key: "product", header: "Product", primary: true, render: (l) => l.productName },
    { key: "quantity", header: "Licences", align: "right", render: (l) => l.quantity },
    {
      key: "total",
      header: "Total",
      align: "right",
      nowrap: true,
      render: (l) => (l.total ? formatMoney(l.total) : "-"),
    },
    {
      key: "provisioning",
      header: "Provisioning",
      render: (l) =>
        l.subscriptionId ? (
          <SyncState sub={subs[l.subscriptionId]} />
        ) : (
          <Text size="sm" c="dimmed" component="span">
            {ORDER_STATUS_LABELS[order.status] ?? order.status}
          </Text>
        ),
    },
  ];
  return (
    <ItemsTable
      items={order.lines}
      columns={columns}
      rowKey={(l) => l.id}
      label="Order lines"
      footer={[
        {
          key: "total",
          label: "Total",
          strong: true,
          cells: { total: order.total ? formatMoney(order.total) : "-" },
        },
      ]}
    />
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
              <OrderLines order={order} />
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
