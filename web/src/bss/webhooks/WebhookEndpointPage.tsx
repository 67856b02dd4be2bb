import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconRefresh } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useNavigate, useParams } from "react-router";
import { api, errorMessage, fieldErrors, formatDateTime, toPage } from "../../api.ts";
import { FormDialog, useDialogForm } from "../../components/FormDialog.tsx";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column, Filter } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { StatusBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { useBssSession } from "../session.tsx";
import { DeliveryDialog } from "./DeliveryDialog.tsx";
import { EventTypePicker } from "./NewEndpointDialog.tsx";
import { SecretReveal } from "./SecretReveal.tsx";
import type { WebhookDelivery, WebhookEndpoint } from "./webhooks.api.ts";

const STATUS_FILTER: Filter[] = [
  {
    kind: "select",
    name: "status",
    label: "Status",
    placeholder: "Any status",
    data: [
      { value: "pending", label: "Pending" },
      { value: "succeeded", label: "Succeeded" },
      { value: "failed", label: "Failed" },
    ],
  },
];

function deliveryColumns(open: (id: string) => void): Column<WebhookDelivery>[] {
  return [
    {
      key: "event",
      header: "Event",
      primary: true,
      render: (d) => (
        <>
          <Anchor component="button" type="button" className="mono" onClick={() => open(d.id)}>
            {d.eventType}
          </Anchor>
          <Text size="xs" c="dimmed" className="mono">
            {d.eventId}
            {d.replayOf ? " · replay" : ""}
          </Text>
        </>
      ),
    },
    { key: "status", header: "Status", render: (d) => <StatusBadge status={d.status} /> },
    { key: "attempts", header: "Attempts", align: "right", render: (d) => d.attempts },
    {
      key: "answer",
      header: "Last answer",
      render: (d) => d.lastStatusCode ?? (d.lastError ? "no answer" : "—"),
    },
    { key: "created", header: "Created", nowrap: true, render: (d) => formatDateTime(d.createdAt) },
    {
      key: "next",
      header: "Next attempt",
      nowrap: true,
      render: (d) => (d.status === "pending" ? formatDateTime(d.nextAttemptAt) : "—"),
    },
  ];
}

/** One webhook endpoint: its events, enable/disable, secret rotation, deletion and deliveries log. */
export function WebhookEndpointPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const { actor } = useBssSession();
  const admin = actor.role === "admin";
  const endpoint = useApi<WebhookEndpoint>(`/api/bss/webhooks/endpoints/${id}`);
  const deliveries = useList({
    path: `/api/bss/webhooks/endpoints/${id}/deliveries`,
    map: (raw) => toPage(raw, (d) => d as WebhookDelivery),
    filters: STATUS_FILTER,
  });
  const deleting = useDialogForm();
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
      <FormDialog
        opened={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title="Delete this endpoint?"
        form={deleting}
        onSubmit={async () => {
          await api.delete(`/api/bss/webhooks/endpoints/${id}`);
          navigate("/bss/webhooks");
        }}
        submitLabel="Delete endpoint"
        submitColor="red"
        cancelLabel="Keep it"
      >
        <Text size="sm">It receives nothing more, and its deliveries log is deleted with it.</Text>
      </FormDialog>
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
          <Title order={3} fz="md" mb="sm">
            Deliveries
          </Title>
          <ListView
            list={deliveries}
            columns={deliveryColumns(setOpen)}
            rowKey={(d) => d.id}
            noun="deliveries"
            empty="No deliveries yet"
            bare
            toolbar={
              <Button
                size="xs"
                variant="default"
                leftSection={<IconRefresh size={14} />}
                onClick={deliveries.state.reload}
              >
                Refresh
              </Button>
            }
          />
        </Paper>
      </Stack>
      <DeliveryDialog
        deliveryId={open}
        canReplay={admin}
        onClose={() => setOpen(null)}
        onReplayed={() => {
          setOpen(null);
          deliveries.state.reload();
        }}
      />
    </>
  );
}
