import { Badge, Button, Code, Group, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconRefresh } from "@tabler/icons-react";
import { useState } from "react";
import { api, errorMessage, formatDateTime } from "../../api.ts";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { ErrorState, Loading } from "../../components/States.tsx";
import { StatusBadge } from "../../components/Values.tsx";
import { ViewDialog } from "../../components/ViewDialog.tsx";
import { useApi } from "../../hooks.ts";
import type { WebhookDeliveryDetail } from "./webhooks.api.ts";

type Attempt = WebhookDeliveryDetail["attemptLog"][number];

const ATTEMPT_COLUMNS: Column<Attempt>[] = [
  { key: "attempt", header: "#", render: (a) => a.attempt },
  { key: "sent", header: "Sent", primary: true, nowrap: true, render: (a) => formatDateTime(a.startedAt) },
  {
    key: "answer",
    header: "Answer",
    render: (a) => (
      <Badge variant="light" color={a.success ? "green" : "red"}>
        {a.statusCode ?? "no answer"}
      </Badge>
    ),
  },
  { key: "duration", header: "Duration", nowrap: true, render: (a) => `${a.durationMs} ms` },
  {
    key: "response",
    header: "Response / error",
    render: (a) => (
      <Text size="xs" className="mono" style={{ wordBreak: "break-all" }} lineClamp={4}>
        {a.error ?? a.responseBody ?? ""}
      </Text>
    ),
  },
];

/** One delivery of a webhook event: its attempts, its payload, and Replay for admins. */
export function DeliveryDialog({
  deliveryId,
  canReplay,
  onClose,
  onReplayed,
}: {
  deliveryId: string | null;
  canReplay: boolean;
  onClose: () => void;
  onReplayed: () => void;
}) {
  const state = useApi<WebhookDeliveryDetail>(
    deliveryId ? `/api/bss/webhooks/deliveries/${deliveryId}` : null,
  );
  const [busy, setBusy] = useState(false);
  async function replay() {
    if (!deliveryId) return;
    setBusy(true);
    try {
      await api.post(`/api/bss/webhooks/deliveries/${deliveryId}/replay`);
      notifications.show({
        color: "green",
        title: "Replay queued",
        message: "The event is sent again with the same webhook-id.",
      });
      onReplayed();
    } catch (e) {
      notifications.show({ color: "red", title: "Not replayed", message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }
  const d = state.data;
  return (
    <ViewDialog opened={deliveryId !== null} onClose={onClose} title="Delivery" size="xl">
      {state.error && <ErrorState error={state.error} onRetry={state.reload} />}
      {!d && !state.error && <Loading />}
      {d && (
        <Stack gap="sm">
          <Group justify="space-between">
            <Group gap="xs">
              <StatusBadge status={d.status} />
              <Text size="sm" className="mono">
                {d.eventType}
              </Text>
              <Text size="sm" c="dimmed">
                webhook-id <span className="mono">{d.eventId}</span>
              </Text>
            </Group>
            {canReplay && (
              <Button leftSection={<IconRefresh size={16} />} variant="light" onClick={replay} loading={busy}>
                Replay
              </Button>
            )}
          </Group>
          {d.nextAttemptAt && d.status === "pending" && (
            <Text size="sm">Next attempt {formatDateTime(d.nextAttemptAt)}</Text>
          )}
          <Title order={4} fz="sm">
            Attempts ({d.attempts} of at most {d.maxAttempts})
          </Title>
          <ItemsTable
            items={d.attemptLog}
            columns={ATTEMPT_COLUMNS}
            rowKey={(a) => String(a.attempt)}
            label="Attempts"
          />
          <Title order={4} fz="sm">
            Payload
          </Title>
          <Code block>{JSON.stringify(d.payload, null, 2)}</Code>
        </Stack>
      )}
    </ViewDialog>
  );
}
