import { Anchor, Badge, Button, Paper, Table, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { formatDateTime, toPage, withQuery } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { useUrlFilters } from "../../components/filters.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { useApi } from "../../hooks.ts";
import { useBssSession } from "../session.tsx";
import { NewEndpointDialog } from "./NewEndpointDialog.tsx";
import { SecretReveal } from "./SecretReveal.tsx";
import type { WebhookEndpoint } from "./webhooks.api.ts";

const LIMIT = 25;

/** Webhook endpoints of the tenant (issue 15.5): integrators receive signed events. */
export function WebhooksPage() {
  const { actor } = useBssSession();
  const navigate = useNavigate();
  const [params, update] = useUrlFilters();
  const offset = Number(params.get("offset") ?? 0) || 0;
  const state = useApi(withQuery("/api/bss/webhooks/endpoints", { limit: LIMIT, offset }), (raw) =>
    toPage(raw, (e) => e as WebhookEndpoint),
  );
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
      <Paper p="md">
        <DataTable
          state={state}
          minWidth={640}
          empty="No webhook endpoints yet"
          head={["URL", "Events", "Status", "Created"]}
          row={(e) => (
            <Table.Tr key={e.id}>
              <Table.Td>
                <Anchor component={Link} to={`/bss/webhooks/${e.id}`} fw={500} className="mono">
                  {e.url}
                </Anchor>
                {e.description && (
                  <Text size="xs" c="dimmed">
                    {e.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{e.eventTypes.join(", ")}</Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={e.enabled ? "green" : "gray"}>
                  {e.enabled ? "Enabled" : "Disabled"}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(e.createdAt)}</Text>
              </Table.Td>
            </Table.Tr>
          )}
        />
        {state.data && (
          <Pager
            total={state.data.total}
            limit={state.data.limit || LIMIT}
            offset={state.data.offset}
            onChange={(o) => update({ offset: o })}
            noun="endpoints"
          />
        )}
      </Paper>
    </>
  );
}
