import { Checkbox, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { api } from "../../api.ts";
import { FormDialog, InvalidForm, useDialogForm } from "../../components/FormDialog.tsx";
import { useApi } from "../../hooks.ts";
import type { EventType, WebhookEndpoint } from "./webhooks.api.ts";

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

export function NewEndpointDialog({
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
  const form = useDialogForm();
  const { errors } = form;

  async function submit() {
    const errs: Record<string, string> = {};
    if (!url.trim()) errs.url = "The URL your receiver listens on";
    if (eventTypes.length === 0) errs.eventTypes = "Choose at least one event";
    if (Object.keys(errs).length > 0) throw new InvalidForm(errs);
    const created = await api.post<WebhookEndpoint & { secret: string }>("/api/bss/webhooks/endpoints", {
      url: url.trim(),
      description: description.trim(),
      eventTypes,
    });
    setUrl("");
    setDescription("");
    setEventTypes([]);
    onCreated(created);
  }

  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title="New webhook endpoint"
      size="lg"
      form={form}
      onSubmit={submit}
      submitLabel="Add endpoint"
      cancelLabel="Close"
    >
      <TextInput
        label="URL"
        description="https on a public host (the sandbox clock also allows http and local addresses)"
        placeholder="https://erp.example.com/openbss/webhooks"
        value={url}
        onChange={(e) => setUrl(e.currentTarget.value)}
        error={errors.url}
        required
        data-autofocus
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
    </FormDialog>
  );
}
