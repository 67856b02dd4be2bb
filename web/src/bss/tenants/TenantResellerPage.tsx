import { Alert, Anchor, Badge, Box, Button, Grid, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCircleCheck } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { api, errorMessage, formatDateTime, plural, toPage } from "../../api.ts";
import { FormDialog, useDialogForm } from "../../components/FormDialog.tsx";
import { ItemsTable, ListView } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { NotFoundPage } from "../../components/NotFoundPage.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { humanize } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { useBssSession } from "../session.tsx";

interface BackOrdering {
  tenantId: string;
  tenantName: string;
  backOrdering: boolean;
  activatedAt: string | null;
}

interface Report {
  tenantName: string;
  checkedAt: string;
  pendingEvents: number;
  compared: { subscriptions: number; customers: number };
  differences: Array<{
    kind: string;
    sourceId: string | null;
    copyId: string | null;
    field: string;
    tenant: unknown;
    distributor: unknown;
  }>;
}

interface DistributionEvent {
  id: string;
  kind: string;
  sourceId: string;
  copyId: string | null;
  outcome: string;
  summary: string;
  appliedAt: string;
}

const show = (v: unknown) =>
  v === null || v === undefined ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v);

const DIFFERENCE_COLUMNS: Column<Report["differences"][number]>[] = [
  {
    key: "what",
    header: "What",
    primary: true,
    render: (d) =>
      d.copyId && d.kind === "subscription" ? (
        <Anchor component={Link} to={`/bss/subscriptions/${d.copyId}`} size="sm">
          {humanize(d.kind)}
        </Anchor>
      ) : (
        humanize(d.kind)
      ),
  },
  { key: "field", header: "Field", render: (d) => d.field },
  { key: "tenant", header: "Tenant", render: (d) => show(d.tenant) },
  { key: "here", header: "Here", render: (d) => show(d.distributor) },
];

function Consistency({ tenantId }: { tenantId: string }) {
  const [report, setReport] = useState<Report | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function check() {
    setBusy(true);
    setError(null);
    try {
      setReport(
        await api.get<Report>(`/api/bss/tenant-resellers/${encodeURIComponent(tenantId)}/consistency`),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Compares the tenant's books with the copies here, field by field.
        </Text>
        <Button onClick={check} loading={busy} variant="light">
          Check now
        </Button>
      </Group>
      {error && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
          {error}
        </Alert>
      )}
      {report &&
        (report.differences.length === 0 ? (
          <Alert
            color="green"
            variant="light"
            icon={<IconCircleCheck size={18} />}
            data-testid="consistency-clean"
          >
            {`No differences: ${plural(report.compared.subscriptions, "subscription")} and ${plural(report.compared.customers, "customer")} compared at ${formatDateTime(report.checkedAt)}${report.pendingEvents ? ` (${plural(report.pendingEvents, "change")} still on their way)` : ""}.`}
          </Alert>
        ) : (
          <Box data-testid="consistency-differences">
            <ItemsTable
              items={report.differences}
              columns={DIFFERENCE_COLUMNS}
              rowKey={(d) => `${d.kind}-${d.sourceId}-${d.copyId}-${d.field}`}
              label="Differences"
            />
          </Box>
        ))}
    </Stack>
  );
}

const EVENT_COLUMNS: Column<DistributionEvent>[] = [
  { key: "applied", header: "Applied", nowrap: true, render: (e) => formatDateTime(e.appliedAt) },
  {
    key: "change",
    header: "Change",
    primary: true,
    render: (e) => (
      <>
        <Text size="sm">{e.summary}</Text>
        <Text size="xs" c="dimmed">
          {humanize(e.kind)} · {humanize(e.outcome)}
        </Text>
      </>
    ),
  },
  {
    key: "copy",
    header: "Copy",
    render: (e) =>
      e.copyId ? (
        <Anchor component={Link} to={`/bss/subscriptions/${e.copyId}`} size="sm">
          Open
        </Anchor>
      ) : (
        "—"
      ),
  },
];

/** The last 100 changes copied from the tenant's BSS, paged here. */
function Events({ tenantId }: { tenantId: string }) {
  const list = useList({
    path: `/api/bss/tenant-resellers/${encodeURIComponent(tenantId)}/events`,
    map: (raw) => toPage(raw, (e) => e as DistributionEvent),
    query: { limit: 100 },
    mode: "client",
  });
  return (
    <ListView
      list={list}
      columns={EVENT_COLUMNS}
      rowKey={(e) => e.id}
      noun="changes"
      empty="No changes copied yet"
      bare
    />
  );
}

export function TenantResellerPage() {
  const { id = "" } = useParams();
  const { actor } = useBssSession();
  const path = `/api/bss/tenant-resellers/${encodeURIComponent(id)}/back-ordering`;
  const state = useApi<BackOrdering>(path);
  const [confirming, setConfirming] = useState(false);
  const turning = useDialogForm();
  if (state.error?.isNotFound)
    return <NotFoundPage title="Tenant reseller not found" home="/bss/tenant-resellers" />;
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading />;
  const b = state.data;

  async function turnOn() {
    await api.put(path, { enabled: true });
    notifications.show({
      color: "green",
      title: "Back ordering on",
      message: "Its subscriptions are being copied.",
    });
    setConfirming(false);
    state.reload();
  }

  return (
    <>
      <PageHeader
        title={b.tenantName}
        crumbs={[{ label: "Tenant resellers", to: "/bss/tenant-resellers" }]}
        description="A tenant reseller with its own BSS."
        actions={
          <Badge variant="light" color={b.backOrdering ? "green" : "gray"} size="lg">
            {b.backOrdering ? "Back ordering on" : "Back ordering off"}
          </Badge>
        }
      />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper p="md" h="100%">
            <Title order={3} fz="h4" mb="sm">
              Back ordering
            </Title>
            {b.backOrdering ? (
              <Text size="sm">
                On since {formatDateTime(b.activatedAt)}: every paid subscription sold in its BSS is copied
                here, billed to the tenant reseller, and follows every change.
              </Text>
            ) : (
              <Stack gap="sm">
                <Text size="sm">
                  Off: nothing of its BSS is copied here. Turning it on copies its customers with paid
                  subscriptions and each subscription; it cannot be turned off again.
                </Text>
                {actor.role === "admin" && (
                  <Group>
                    <Button onClick={() => setConfirming(true)}>Turn on back ordering</Button>
                  </Group>
                )}
              </Stack>
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper p="md" h="100%">
            <Title order={3} fz="h4" mb="sm">
              Consistency
            </Title>
            <Consistency tenantId={id} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={12}>
          <Paper p="md">
            <Title order={3} fz="h4" mb="sm">
              Copied changes
            </Title>
            <Events tenantId={id} />
          </Paper>
        </Grid.Col>
      </Grid>
      <FormDialog
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Turn on back ordering?"
        form={turning}
        onSubmit={turnOn}
        submitLabel="Turn on"
      >
        <Text size="sm">
          {`${b.tenantName}'s customers with paid subscriptions and their subscriptions are copied into this BSS and billed to the tenant reseller. This cannot be undone.`}
        </Text>
      </FormDialog>
    </>
  );
}
