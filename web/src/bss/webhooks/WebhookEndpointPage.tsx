import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconRefresh } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useNavigate, useParams } from "react-router";
import { api, errorMessage, fieldErrors, formatDateTime, toPage, withQuery } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { useUrlFilters } from "../../components/filters.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { StatusBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { useBssSession } from "../session.tsx";
import { SecretReveal } from "./SecretReveal.tsx";
import { EventTypePicker } from "./WebhooksPage.tsx";
import type { WebhookDelivery, WebhookDeliveryDetail, WebhookEndpoint } from "./webhooks.api.ts";

const LIMIT = 25;

function DeliveryDialog({
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
    <Modal opened={deliveryId !== null} onClose={onClose} title="Delivery" size="xl">
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
          <Table.ScrollContainer minWidth={560}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>Sent</Table.Th>
                  <Table.Th>Answer</Table.Th>
                  <Table.Th>Duration</Table.Th>
                  <Table.Th>Response / error</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.attemptLog.map((a) => (
                  <Table.Tr key={a.attempt}>
                    <Table.Td>{a.attempt}</Table.Td>
                    <Table.Td>{formatDateTime(a.startedAt)}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={a.success ? "green" : "red"}>
                        {a.statusCode ?? "no answer"}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{a.durationMs} ms</Table.Td>
                    <Table.Td>
                      <Text size="xs" className="mono" style={{ wordBreak: "break-all" }} lineClamp={4}>
                        {a.error ?? a.responseBody ?? ""}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Title order={4} fz="sm">
            Payload
          </Title>
          <Code block>{JSON.stringify(d.payload, null, 2)}</Code>
        </Stack>
      )}
    </Modal>
  );
}

/** One webhook endpoint: its events, enable/disable, secret rotation, deletion and deliveries log. */
export function WebhookEndpointPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const { actor } = useBssSession();
  const admin = actor.role === "admin";
  const endpoint = useApi<WebhookEndpoint>(`/api/bss/webhooks/endpoints/${id}`);
  const [params, update] = useUrlFilters();
  const offset = Number(params.get("offset") ?? 0) || 0;
  const status = params.get("status") ?? "";
  const deliveries = useApi(
    withQuery(`/api/bss/webhooks/endpoints/${id}/deliveries`, {
      limit: LIMIT,
      offset,
      status: status || undefined,
    }),
    (raw) => toPage(raw, (d) => d as WebhookDelivery),
  );
  const [eventTypes, setEventTypes] = useState<string[]>([]);
  const [description, setDescription] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  useEffect(() => {
    if (endpoint.data) {
      setEventTypes(endpoint.data.eventTypes);
      setDescription(endpoint.data.description);
    }
  }, [endpoint.data]);

  if (endpoint.error) return <ErrorState error={endpoint.error} onRetry={endpoint.reload} />;
  const e = endpoint.data;
  if (!e) return <Loading />;

  async function act(name: string, work: () => Promise<void>) {
    setBusy(name);
    try {
      await work();
    } catch (err) {
      setErrors(fieldErrors(err));
      notifications.show({ color: "red", title: "Not saved", message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  }
  const save = () =>
    act("save", async () => {
      await api.patch(`/api/bss/webhooks/endpoints/${id}`, { eventTypes, description: description.trim() });
      setErrors({});
      notifications.show({ color: "green", title: "Saved", message: "The endpoint's events are updated." });
      endpoint.reload();
    });
  const toggle = () =>
    act("toggle", async () => {
      await api.patch(`/api/bss/webhooks/endpoints/${id}`, { enabled: !e.enabled });
      endpoint.reload();
    });
  const rotate = () =>
    act("rotate", async () => {
      const rotated = await api.post<{ secret: string }>(`/api/bss/webhooks/endpoints/${id}/rotate-secret`);
      setSecret(rotated.secret);
      endpoint.reload();
    });
  const remove = () =>
    act("delete", async () => {
      await api.delete(`/api/bss/webhooks/endpoints/${id}`);
      navigate("/bss/webhooks");
    });

  return (
    <>
      <PageHeader
        title={e.url}
        crumbs={[{ label: "Webhooks", to: "/bss/webhooks" }]}
        description={
          <Group gap="xs">
            <Badge variant="light" color={e.enabled ? "green" : "gray"}>
              {e.enabled ? "Enabled" : "Disabled"}
            </Badge>
            <Text size="sm" c="dimmed">
              Created {formatDateTime(e.createdAt)}
              {e.secretRotatedAt ? ` · secret rotated ${formatDateTime(e.secretRotatedAt)}` : ""}
            </Text>
          </Group>
        }
        actions={
          admin && (
            <>
              <Button variant="default" onClick={toggle} loading={busy === "toggle"}>
                {e.enabled ? "Disable" : "Enable"}
              </Button>
              <Button variant="default" onClick={rotate} loading={busy === "rotate"}>
                Rotate secret
              </Button>
              <Button color="red" variant="light" onClick={() => setConfirmDelete(true)}>
                Delete
              </Button>
            </>
          )
        }
      />
      <SecretReveal secret={secret} onClose={() => setSecret(null)} />
      <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title="Delete this endpoint?">
        <Stack gap="sm">
          <Text size="sm">It receives nothing more, and its deliveries log is deleted with it.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDelete(false)}>
              Keep it
            </Button>
            <Button color="red" onClick={remove} loading={busy === "delete"}>
              Delete endpoint
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Stack gap="md">
        <Paper p="md">
          <Stack gap="sm">
            {!admin && (
              <Alert color="gray" variant="light" icon={<IconAlertTriangle size={18} />}>
                Only admins change webhook endpoints.
              </Alert>
            )}
            <TextInput
              label="Description"
              value={description}
              onChange={(ev) => setDescription(ev.currentTarget.value)}
              error={errors.description}
              disabled={!admin}
            />
            <EventTypePicker
              value={eventTypes}
              onChange={setEventTypes}
              error={errors.eventTypes ?? errors["eventTypes.0"]}
              disabled={!admin}
            />
            {admin && (
              <Group justify="flex-end">
                <Button onClick={save} loading={busy === "save"} disabled={eventTypes.length === 0}>
                  Save
                </Button>
              </Group>
            )}
          </Stack>
        </Paper>
        <Paper p="md">
          <Group justify="space-between" mb="sm">
            <Title order={3} fz="md">
              Deliveries
            </Title>
            <Group gap="sm">
              <SegmentedControl
                size="xs"
                value={status}
                onChange={(v) => update({ status: v || undefined, offset: undefined })}
                data={[
                  { value: "", label: "All" },
                  { value: "pending", label: "Pending" },
                  { value: "succeeded", label: "Succeeded" },
                  { value: "failed", label: "Failed" },
                ]}
              />
              <Button
                size="xs"
                variant="default"
                leftSection={<IconRefresh size={14} />}
                onClick={deliveries.reload}
              >
                Refresh
              </Button>
            </Group>
          </Group>
          <DataTable
            state={deliveries}
            minWidth={720}
            empty="No deliveries yet"
            head={["Event", "Status", "Attempts", "Last answer", "Created", "Next attempt"]}
            row={(d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  <Anchor component="button" type="button" className="mono" onClick={() => setOpen(d.id)}>
                    {d.eventType}
                  </Anchor>
                  <Text size="xs" c="dimmed" className="mono">
                    {d.eventId}
                    {d.replayOf ? " · replay" : ""}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={d.status} />
                </Table.Td>
                <Table.Td>{d.attempts}</Table.Td>
                <Table.Td>
                  <Text size="sm">{d.lastStatusCode ?? (d.lastError ? "no answer" : "—")}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(d.createdAt)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{d.status === "pending" ? formatDateTime(d.nextAttemptAt) : "—"}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          />
          {deliveries.data && (
            <Pager
              total={deliveries.data.total}
              limit={deliveries.data.limit || LIMIT}
              offset={deliveries.data.offset}
              onChange={(o) => update({ offset: o })}
              noun="deliveries"
            />
          )}
        </Paper>
      </Stack>
      <DeliveryDialog
        deliveryId={open}
        canReplay={admin}
        onClose={() => setOpen(null)}
        onReplayed={() => {
          setOpen(null);
          deliveries.reload();
        }}
      />
    </>
  );
}
