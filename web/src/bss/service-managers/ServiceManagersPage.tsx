import { Anchor, Badge, Group, Paper, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import { formatDateTime } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { StatusBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { toServiceManagerPage } from "./service-managers.api.ts";

export function ServiceManagersPage() {
  const state = useApi("/api/bss/service-managers", toServiceManagerPage);
  return (
    <>
      <PageHeader
        title="Service managers"
        description="Connections to vendors. Get Services Definition imports a vendor's products and policies."
      />
      <Paper p="md">
        <DataTable
          state={state}
          minWidth={520}
          empty="No service managers configured"
          head={["Name", "Vendor", "Last run", ""]}
          row={(m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <Anchor component={Link} to={`/bss/service-managers/${m.id}`} fw={500}>
                  {m.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Group gap={6}>
                  <Badge variant="light" color="blue">
                    {m.vendor}
                  </Badge>
                  {!m.available && (
                    <Badge variant="light" color="orange">
                      No connector
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                {m.lastRun ? (
                  <Group gap={6} wrap="nowrap">
                    <StatusBadge status={m.lastRun.status} />
                    <Text size="xs" c="dimmed">
                      {formatDateTime(m.lastRun.finishedAt ?? m.lastRun.createdAt)}
                    </Text>
                  </Group>
                ) : (
                  <Text size="sm" c="dimmed">
                    Never run
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">
                <Anchor component={Link} to={`/bss/service-managers/${m.id}`} size="sm">
                  Runs and actions
                </Anchor>
              </Table.Td>
            </Table.Tr>
          )}
        />
      </Paper>
    </>
  );
}
