import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCircleCheck } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { api, errorMessage, formatDateTime, plural, toPage } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
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
          <Table.ScrollContainer minWidth={560}>
            <Table fz="sm" data-testid="consistency-differences">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>What</Table.Th>
                  <Table.Th>Field</Table.Th>
                  <Table.Th>Tenant</Table.Th>
                  <Table.Th>Here</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.differences.map((d) => (
                  <Table.Tr key={`${d.kind}-${d.sourceId}-${d.copyId}-${d.field}`}>
                    <Table.Td>
                      {d.copyId && d.kind === "subscription" ? (
                        <Anchor component={Link} to={`/bss/subscriptions/${d.copyId}`} size="sm">
                          {humanize(d.kind)}
                        </Anchor>
                      ) : (
                        humanize(d.kind)
                      )}
                    </Table.Td>
                    <Table.Td>{d.field}</Table.Td>
                    <Table.Td>{show(d.tenant)}</Table.Td>
                    <Table.Td>{show(d.distributor)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ))}
    </Stack>
  );
}

function Events({ tenantId }: { tenantId: string }) {
  const state = useApi(`/api/bss/tenant-resellers/${encodeURIComponent(tenantId)}/events?limit=100`, (raw) =>
    toPage(raw, (e) => e as DistributionEvent),
  );
  return (
    <DataTable
      state={state}
      minWidth={600}
      empty="No changes copied yet"
      head={["Applied", "Change", "Copy"]}
      row={(e) => (
        <Table.Tr key={e.id}>
          <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(e.appliedAt)}</Table.Td>
          <Table.Td>
            <Text size="sm">{e.summary}</Text>
            <Text size="xs" c="dimmed">
              {humanize(e.kind)} · {humanize(e.outcome)}
            </Text>
          </Table.Td>
          <Table.Td>
            {e.copyId ? (
              <Anchor component={Link} to={`/bss/subscriptions/${e.copyId}`} size="sm">
                Open
              </Anchor>
            ) : (
              "—"
            )}
          </Table.Td>
        </Table.Tr>
      )}
    />
  );
}

export function TenantResellerPage() {
  const { id = "" } = useParams();
  const { actor } = useBssSession();
  const path = `/api/bss/tenant-resellers/${encodeURIComponent(id)}/back-ordering`;
  const state = useApi<BackOrdering>(path);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  if (state.error?.isNotFound)
    return <NotFoundPage title="Tenant reseller not found" home="/bss/tenant-resellers" />;
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading />;
  const b = state.data;

  async function turnOn() {
    setBusy(true);
    try {
      await api.put(path, { enabled: true });
      notifications.show({
        color: "green",
        title: "Back ordering on",
        message: "Its subscriptions are being copied.",
      });
      setConfirming(false);
      state.reload();
    } catch (e) {
      notifications.show({ color: "red", title: "Back ordering not turned on", message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
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
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Turn on back ordering?" centered>
        <Stack gap="md">
          <Text size="sm">
            {`${b.tenantName}'s customers with paid subscriptions and their subscriptions are copied into this BSS and billed to the tenant reseller. This cannot be undone.`}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button onClick={turnOn} loading={busy}>
              Turn on
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
