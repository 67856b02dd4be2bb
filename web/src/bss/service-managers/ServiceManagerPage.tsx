import { Alert, Anchor, Badge, Button, Grid, Paper, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCloudDownload } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError, api, formatDateTime } from "../../api.ts";
import { useUrlFilters } from "../../components/filters.tsx";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { NotFoundPage } from "../../components/NotFoundPage.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { EmptyState, ErrorState, Loading } from "../../components/States.tsx";
import { StatusBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { useBssSession } from "../session.tsx";
import { RunPanel } from "./RunPanel.tsx";
import { type Run, toRun, toRunPage, toServiceManager } from "./service-managers.api.ts";

const CRUMBS = [{ label: "Service managers", to: "/bss/service-managers" }];

function PastRuns({ runs, selected }: { runs: ReturnType<typeof useRunsState>; selected: string | null }) {
  const columns: Column<Run>[] = [
    { key: "requested", header: "Requested", primary: true, render: (r) => formatDateTime(r.createdAt) },
    { key: "status", header: "Status", render: (r) => <StatusBadge status={r.status} /> },
    {
      key: "show",
      header: "",
      align: "right",
      render: (r) => (
        <Anchor
          component={Link}
          to={`?run=${encodeURIComponent(r.id)}`}
          replace
          size="sm"
          aria-current={r.id === selected ? "true" : undefined}
          fw={r.id === selected ? 700 : undefined}
        >
          {r.id === selected ? "Showing" : "Show"}
        </Anchor>
      ),
    },
  ];
  return (
    <Paper p="md">
      <Title order={3} fz="h4" mb="sm">
        Past runs
      </Title>
      {runs.error ? (
        <ErrorState error={runs.error} onRetry={runs.reload} />
      ) : !runs.data ? (
        <Loading />
      ) : (
        <ItemsTable
          items={runs.data.items}
          columns={columns}
          rowKey={(r) => r.id}
          label="Past runs"
          empty="No runs yet"
        />
      )}
    </Paper>
  );
}

function useRunsState(id: string) {
  return useApi(`/api/bss/service-managers/${encodeURIComponent(id)}/runs?limit=20`, toRunPage);
}

export function ServiceManagerPage() {
  const { id = "" } = useParams();
  const [params, update] = useUrlFilters();
  const [starting, setStarting] = useState(false);
  const { actor } = useBssSession();
  const canRun = actor.role === "admin"; // service managers are an admin's (ARCHITECTURE.md roles)
  const managerState = useApi(`/api/bss/service-managers/${encodeURIComponent(id)}`, toServiceManager);
  const manager = managerState.data;
  const runs = useRunsState(id);
  // Without a chosen run, show the newest one.
  const selectedRun = params.get("run") ?? runs.data?.items[0]?.id ?? manager?.lastRun?.id ?? null;

  async function start() {
    setStarting(true);
    try {
      const res = await api.post<unknown>(
        `/api/bss/service-managers/${encodeURIComponent(id)}/get-services-definition`,
      );
      update({ run: toRun(res).id });
      runs.reload();
    } catch (e) {
      notifications.show({
        color: "red",
        title: "Could not start Get Services Definition",
        message: e instanceof ApiError ? e.message : String(e),
      });
    } finally {
      setStarting(false);
    }
  }

  if (managerState.error?.isNotFound) {
    return <NotFoundPage title="Service manager not found" home="/bss/service-managers" />;
  }
  return (
    <>
      <PageHeader
        title={manager?.name ?? "Service manager"}
        crumbs={CRUMBS}
        description={manager && <Badge variant="light">{manager.vendor}</Badge>}
        actions={
          <Button
            leftSection={<IconCloudDownload size={18} />}
            onClick={start}
            loading={starting}
            disabled={!manager?.available || !canRun}
            title={canRun ? undefined : "Needs the admin role"}
          >
            Get Services Definition
          </Button>
        }
      />
      {managerState.error && <ErrorState error={managerState.error} onRetry={managerState.reload} />}
      {manager && !manager.available && (
        <Alert color="orange" variant="light" mb="md" title="Connector not available">
          This build has no connector for the vendor "{manager.vendor}", so it cannot fetch its services
          definition.
        </Alert>
      )}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          {selectedRun ? (
            <RunPanel key={selectedRun} runId={selectedRun} onFinished={runs.reload} />
          ) : (
            <Paper p="md">
              <EmptyState title="No run yet">
                Get Services Definition imports the vendor's products, add-ons, upgrade paths and policies
                into the catalogue.
              </EmptyState>
            </Paper>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <PastRuns runs={runs} selected={selectedRun} />
        </Grid.Col>
      </Grid>
    </>
  );
}
