import { Anchor, Badge, Group, Text } from "@mantine/core";
import { Link } from "react-router";
import { formatDateTime } from "../../api.ts";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { StatusBadge } from "../../components/Values.tsx";
import { type ServiceManager, toServiceManagerPage } from "./service-managers.api.ts";

const COLUMNS: Column<ServiceManager>[] = [
  {
    key: "name",
    header: "Name",
    primary: true,
    sortValue: (m) => m.name,
    render: (m) => (
      <Anchor component={Link} to={`/bss/service-managers/${m.id}`} fw={500}>
        {m.name}
      </Anchor>
    ),
  },
  {
    key: "vendor",
    header: "Vendor",
    sortValue: (m) => m.vendor,
    render: (m) => (
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
    ),
  },
  {
    key: "lastRun",
    header: "Last run",
    sortValue: (m) => (m.lastRun ? (m.lastRun.finishedAt ?? m.lastRun.createdAt) : null),
    render: (m) =>
      m.lastRun ? (
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
      ),
  },
  {
    key: "open",
    header: "",
    align: "right",
    render: (m) => (
      <Anchor component={Link} to={`/bss/service-managers/${m.id}`} size="sm">
        Runs and actions
      </Anchor>
    ),
  },
];

/** The service managers (a few: loaded whole, sorted and paged here). */
export function ServiceManagersPage() {
  const list = useList({
    path: "/api/bss/service-managers",
    map: toServiceManagerPage,
    defaultSort: "name",
    mode: "client",
  });
  return (
    <>
      <PageHeader
        title="Service managers"
        description="Connections to vendors. Get Services Definition imports a vendor's products and policies."
      />
      <ListView
        list={list}
        columns={COLUMNS}
        rowKey={(m) => m.id}
        noun="service managers"
        empty="No service managers configured"
      />
    </>
  );
}
