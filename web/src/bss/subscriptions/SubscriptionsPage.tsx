import { Anchor, Badge, Group, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { formatDate, formatMoney } from "../../api.ts";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column, Filter } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { StatusBadge, TermBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { AccountFilterNote } from "../accounts/AccountFilterNote.tsx";
import { AccountName } from "../accounts/AccountName.tsx";
import { toProductTypes } from "../catalog/catalog.api.ts";
import {
  SUBSCRIPTION_STATUSES,
  type Subscription,
  SYNC_STATUSES,
  toSubscriptionPage,
} from "./subscriptions.api.ts";

const COLUMNS: Column<Subscription>[] = [
  {
    key: "name",
    header: "Subscription",
    sort: "name",
    primary: true,
    render: (s) => (
      <Stack gap={0}>
        <Group gap={6} wrap="nowrap">
          <Anchor component={Link} to={`/bss/subscriptions/${s.id}`} fw={500}>
            {s.name}
          </Anchor>
          {s.isTrial && (
            <Badge size="xs" variant="light" color="yellow">
              Trial
            </Badge>
          )}
          {s.managedBy && (
            <Badge size="xs" variant="light" color="grape" title={`Managed by ${s.managedBy.name}`}>
              Copy
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {s.adminEmail ?? s.id}
        </Text>
      </Stack>
    ),
  },
  {
    key: "customer",
    header: "Customer",
    render: (s) => <AccountName id={s.accountId} name={s.accountName} />,
  },
  { key: "term", header: "Term", render: (s) => <TermBadge term={s.term} /> },
  { key: "quantity", header: "Licences", sort: "quantity", align: "right", render: (s) => s.quantity },
  {
    key: "unitPrice",
    header: "Unit price",
    align: "right",
    nowrap: true,
    render: (s) => formatMoney(s.unitPrice),
  },
  {
    key: "startDate",
    header: "Start",
    sort: "startDate",
    nowrap: true,
    render: (s) => formatDate(s.startDate),
  },
  {
    key: "termEndDate",
    header: "Term ends",
    sort: "termEndDate",
    nowrap: true,
    render: (s) => formatDate(s.termEndDate),
  },
  {
    key: "status",
    header: "Status",
    sort: "status",
    render: (s) => (
      <>
        <StatusBadge status={s.status} />
        {s.awaitingStart && (
          <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }} data-testid="starts-on">
            Starts on {formatDate(s.startDate)}
          </Text>
        )}
      </>
    ),
  },
  { key: "sync", header: "Sync", render: (s) => <StatusBadge status={s.syncStatus} kind="syncStatus" /> },
];

export function SubscriptionsPage() {
  const types = useApi("/api/bss/catalog/product-types", toProductTypes);
  const filters: Filter[] = [
    { kind: "search", placeholder: "Name, admin email or vendor id" },
    {
      kind: "select",
      name: "status",
      label: "Status",
      placeholder: "Any status",
      data: SUBSCRIPTION_STATUSES,
    },
    { kind: "select", name: "syncStatus", label: "Sync status", placeholder: "Any", data: SYNC_STATUSES },
    {
      kind: "select",
      name: "productTypeId",
      label: "Product type",
      placeholder: types.error ? "Unavailable" : "All types",
      data: (types.data ?? []).map((t) => ({ value: t.id, label: t.name })),
    },
    { kind: "date", name: "startFrom", label: "Started from" },
    { kind: "date", name: "startTo", label: "Started until" },
    { kind: "hidden", name: "accountId" },
  ];
  const list = useList({
    path: "/api/bss/subscriptions",
    map: toSubscriptionPage,
    filters,
    defaultSort: "-createdAt",
  });
  return (
    <>
      <PageHeader title="Subscriptions" description="Every subscription of the tenant's customers." />
      <ListView
        list={list}
        columns={COLUMNS}
        rowKey={(s) => s.id}
        noun="subscriptions"
        empty="No subscriptions yet"
        emptyHint={list.filtered ? undefined : "Subscriptions appear when orders are executed."}
      >
        <AccountFilterNote
          accountId={list.values.accountId ?? ""}
          onClear={() => list.update({ accountId: null, offset: null })}
        />
      </ListView>
    </>
  );
}
