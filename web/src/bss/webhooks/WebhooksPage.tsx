import { Alert, Anchor, Badge, Button, Checkbox, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { IconAlertTriangle, IconPlus } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, errorMessage, fieldErrors, formatDateTime, toPage } from "../../api.ts";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useApi } from "../../hooks.ts";
import { useBssSession } from "../session.tsx";
import { SecretReveal } from "./SecretReveal.tsx";
import type { EventType, WebhookEndpoint } from "./webhooks.api.ts";

const COLUMNS: Column<WebhookEndpoint>[] = [
  {
    key: "url",
    header: "URL",
    primary: true,
    render: (e) => (
      <>
        <Anchor component={Link} to={`/bss/webhooks/${e.id}`} fw={500} className="mono">
          {e.url}
        </Anchor>
        {e.description && (
          <Text size="xs" c="dimmed">
            {e.description}
          </Text>
        )}
      </>
    ),
  },
  { key: "events", header: "Events", render: (e) => <Text size="sm">{e.eventTypes.join(", ")}</Text> },
  {
    key: "status",
    header: "Status",
    render: (e) => (
      <Badge variant="light" color={e.enabled ? "green" : "gray"}>
        {e.enabled ? "Enabled" : "Disabled"}
      </Badge>
    ),
  },
  { key: "createdAt", header: "Created", nowrap: true, render: (e) => formatDateTime(e.createdAt) },
];

/** The event types as checkboxes (used by the create dialog and the endpoint page). */
export function EventTypePicker({
  value,
  onChange,
  error,
  disabled = false,
}: {
  value: string[];
  onChange: (types: string[]) => void;
  error?: string | undefined;
  disabled?: boolean;
}) {
  const types = useApi<EventType[]>(
    "/api/bss/webhooks/event-types",
    (raw) => (raw as { items: EventType[] }).items,
  );
  return (
    <Checkbox.Group label="Events" value={value} onChange={onChange} error={error} withAsterisk>
      <Stack gap={6} mt={6}>
        {(types.data ?? []).map((t) => (
          <Checkbox
            key={t.type}
            value={t.type}
            label={<span className="mono">{t.type}</span>}
            description={t.description}
            disabled={disabled}
          />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}

function NewEndpointDialog({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (endpoint: WebhookEndpoint & { secret: string }) => void;
}) {
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [eventTypes, setEventTypes] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!url.trim()) errs.url = "The URL your receiver listens on";
    if (eventTypes.length === 0) errs.eventTypes = "Choose at least one event";
    setErrors(errs);
    if (Object.keys(errs).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<WebhookEndpoint & { secret: string }>("/api/bss/webhooks/endpoints", {
        url: url.trim(),
        description: description.trim(),
        eventTypes,
      });
      setUrl("");
      setDescription("");
      setEventTypes([]);
      onCreated(created);
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title="New webhook endpoint" size="lg">
      <form onSubmit={submit} noValidate aria-label="New webhook endpoint">
        <Stack gap="sm">
          {error && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label="URL"
            description="https on a public host (the sandbox clock also allows http and local addresses)"
            placeholder="https://erp.example.com/openbss/webhooks"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={errors.url}
            required
          />
          <TextInput
            label="Description"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={errors.description}
          />
          <EventTypePicker
            value={eventTypes}
            onChange={setEventTypes}
            error={errors.eventTypes ?? errors["eventTypes.0"]}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={busy}>
              Add endpoint
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Webhook endpoints of the tenant (issue 15.5): integrators receive signed events. */
export function WebhooksPage() {
  const { actor } = useBssSession();
  const navigate = useNavigate();
  const list = useList({
    path: "/api/bss/webhooks/endpoints",
    map: (raw) => toPage(raw, (e) => e as WebhookEndpoint),
  });
  const state = list.state;
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<(WebhookEndpoint & { secret: string }) | null>(null);
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Endpoints that receive signed events (Standard Webhooks) when orders execute, subscriptions change, documents are issued…"
        actions={
          actor.role === "admin" && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New endpoint
            </Button>
          )
        }
      />
      <NewEndpointDialog
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(endpoint) => {
          setCreating(false);
          setCreated(endpoint);
          state.reload();
        }}
      />
      <SecretReveal
        secret={created?.secret ?? null}
        onClose={() => {
          const id = created?.id;
          setCreated(null);
          if (id) navigate(`/bss/webhooks/${id}`);
        }}
      />
      <ListView
        list={list}
        columns={COLUMNS}
        rowKey={(e) => e.id}
        noun="endpoints"
        caption="Webhook endpoints"
        empty="No webhook endpoints yet"
      />
    </>
  );
}
