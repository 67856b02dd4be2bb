import { Anchor, Badge, Group, Paper, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { Link } from "react-router";
import { formatDate, formatMoney, withQuery } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { SearchFilter, useUrlFilters } from "../../components/filters.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { StatusBadge, TermBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { AccountFilterNote } from "../accounts/AccountFilterNote.tsx";
import { AccountName } from "../accounts/AccountName.tsx";
import { toProductTypes } from "../catalog/catalog.api.ts";
import { SUBSCRIPTION_STATUSES, SYNC_STATUSES, toSubscriptionPage } from "./subscriptions.api.ts";

const LIMIT = 25;
const SORTS = [
  { value: "-createdAt", label: "Newest first" },
  { value: "name", label: "Name" },
  { value: "startDate", label: "Start date" },
  { value: "-quantity", label: "Most licences" },
];

export function SubscriptionsPage() {
  const [params, update] = useUrlFilters();
  const filters = {
    status: params.get("status") ?? "",
    syncStatus: params.get("syncStatus") ?? "",
    productTypeId: params.get("productTypeId") ?? "",
    accountId: params.get("accountId") ?? "",
    startFrom: params.get("startFrom") ?? "",
    startTo: params.get("startTo") ?? "",
    q: params.get("q") ?? "",
  };
  const sort = params.get("sort") ?? "";
  const offset = Number(params.get("offset") ?? 0) || 0;
  const types = useApi("/api/bss/catalog/product-types", toProductTypes);
  const state = useApi(
    withQuery("/api/bss/subscriptions", { ...filters, sort, limit: LIMIT, offset }),
    toSubscriptionPage,
  );
  const filtered = Object.values(filters).some(Boolean);
  const select = (key: keyof typeof filters) => ({
    value: filters[key] || null,
    onChange: (v: string | null) => update({ [key]: v, offset: null }),
    clearable: true,
    w: { base: "100%", xs: 180 },
  });
  const date = (key: "startFrom" | "startTo", label: string) => (
    <TextInput
      type="date"
      label={label}
      value={filters[key]}
      onChange={(e) => update({ [key]: e.currentTarget.value, offset: null })}
      w={{ base: "100%", xs: 160 }}
    />
  );

  return (
    <>
      <PageHeader title="Subscriptions" description="Every subscription of the tenant's customers." />
      <Paper p="md">
        <Group mb="md" gap="sm" align="flex-end">
          <SearchFilter placeholder="Name, admin email or vendor id" />
          <Select
            label="Status"
            placeholder="Any status"
            data={SUBSCRIPTION_STATUSES}
            {...select("status")}
          />
          <Select label="Sync status" placeholder="Any" data={SYNC_STATUSES} {...select("syncStatus")} />
          <Select
            label="Product type"
            placeholder={types.error ? "Unavailable" : "All types"}
            data={(types.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
            disabled={!types.data}
            {...select("productTypeId")}
          />
          {date("startFrom", "Started from")}
          {date("startTo", "Started until")}
          <Select
            label="Sort"
            data={SORTS}
            value={sort || "-createdAt"}
            onChange={(v) => update({ sort: v === "-createdAt" ? null : v, offset: null })}
            allowDeselect={false}
            w={{ base: "100%", xs: 160 }}
          />
        </Group>
        <AccountFilterNote
          accountId={filters.accountId}
          onClear={() => update({ accountId: null, offset: null })}
        />
        <DataTable
          state={state}
          minWidth={960}
          empty={filtered ? "No subscriptions match these filters" : "No subscriptions yet"}
          emptyHint={filtered ? undefined : "Subscriptions appear when orders are executed."}
          head={["Subscription", "Customer", "Term", "Licences", "Unit price", "Start", "Status", "Sync"]}
          row={(s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
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
              </Table.Td>
              <Table.Td>
                <AccountName id={s.accountId} name={s.accountName} />
              </Table.Td>
              <Table.Td>
                <TermBadge term={s.term} />
              </Table.Td>
              <Table.Td>{s.quantity}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatMoney(s.unitPrice)}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(s.startDate)}</Table.Td>
              <Table.Td>
                <StatusBadge status={s.status} />
                {s.awaitingStart && (
                  <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }} data-testid="starts-on">
                    Starts on {formatDate(s.startDate)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <StatusBadge status={s.syncStatus} />
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
            noun="subscriptions"
          />
        )}
      </Paper>
    </>
  );
}
