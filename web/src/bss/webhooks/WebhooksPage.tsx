import { Anchor, Badge, Button, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { formatDateTime, toPage } from "../../api.ts";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useBssSession } from "../session.tsx";
import { NewEndpointDialog } from "./NewEndpointDialog.tsx";
import { SecretReveal } from "./SecretReveal.tsx";
import type { WebhookEndpoint } from "./webhooks.api.ts";

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
