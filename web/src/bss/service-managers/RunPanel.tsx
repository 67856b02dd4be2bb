import { Alert, Box, Group, Paper, Progress, ScrollArea, Stack, Text, Title } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { ApiError, api, formatDateTime, formatTime } from "../../api.ts";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { ErrorState, Loading } from "../../components/States.tsx";
import { humanize, KeyValueTable, StatusBadge } from "../../components/Values.tsx";
import { isActive, type Run, toRun } from "./service-managers.api.ts";

const POLL_MS = 1000;

/** Loads a run and polls it every second while it is queued or running. */
function useRun(runId: string, onFinished: () => void) {
  const [run, setRun] = useState<Run>();
  const [error, setError] = useState<ApiError>();
  const [attempt, setAttempt] = useState(0);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt restarts polling after an error
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wasActive = false;
    setError(undefined);
    const poll = async () => {
      try {
        const next = toRun(
          await api.get(`/api/bss/service-manager-runs/${runId}`, undefined, controller.signal),
        );
        if (controller.signal.aborted) return;
        setRun(next);
        if (isActive(next.status)) {
          wasActive = true;
          timer = setTimeout(poll, POLL_MS);
        } else if (wasActive) {
          finished.current();
        }
      } catch (e) {
        if (controller.signal.aborted) return;
        setError(e instanceof ApiError ? e : new ApiError(0, "client_error", String(e)));
      }
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [runId, attempt]);

  return { run, error, retry: () => setAttempt((a) => a + 1) };
}

const LEVEL_COLORS: Record<string, string> = {
  error: "red",
  warn: "orange",
  warning: "orange",
  debug: "dimmed",
};

function RunLog({ run }: { run: Run }) {
  const viewport = useRef<HTMLDivElement>(null);
  // Follow the newest line while the run writes its log.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when a line arrives
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [run.log.length]);
  if (run.log.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No log lines yet.
      </Text>
    );
  return (
    <ScrollArea.Autosize mah={320} viewportRef={viewport} type="auto">
      <Box className="run-log" role="log" aria-label="Run log" aria-live="polite" tabIndex={0}>
        {run.log.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows
          <div key={i}>
            <Text span c="dimmed" inherit>
              {formatTime(l.at)}
            </Text>{" "}
            <Text span c={LEVEL_COLORS[l.level] ?? "inherit"} fw={l.level === "error" ? 600 : 400} inherit>
              {l.message}
            </Text>
          </div>
        ))}
      </Box>
    </ScrollArea.Autosize>
  );
}

/**
 * The summary counts changes per kind of thing ({ products: { created, updated, … }, … }):
 * shown as one row per kind; any other shape falls back to a key/value table.
 */
function RunSummary({ summary }: { summary: Record<string, unknown> }) {
  const rows = Object.entries(summary);
  const counts = rows.every(([, v]) => v && typeof v === "object" && !Array.isArray(v));
  if (!counts) return <KeyValueTable data={summary} />;
  const keys = [...new Set(rows.flatMap(([, v]) => Object.keys(v as object)))];
  const columns: Column<[string, unknown]>[] = [
    { key: "kind", header: "Kind", primary: true, render: ([kind]) => humanize(kind) },
    ...keys.map(
      (c): Column<[string, unknown]> => ({
        key: `n-${c}`,
        header: humanize(c),
        align: "right",
        render: ([, v]) => String((v as Record<string, unknown>)[c] ?? "—"),
      }),
    ),
  ];
  return <ItemsTable items={rows} columns={columns} rowKey={([kind]) => kind} label="Run summary" />;
}

export function RunPanel({ runId, onFinished }: { runId: string; onFinished: () => void }) {
  const { run, error, retry } = useRun(runId, onFinished);
  if (error) return <ErrorState error={error} title="The run could not be loaded" onRetry={retry} />;
  if (!run) return <Loading label="Loading run…" />;
  const total = run.progressTotal;
  const pct = total > 0 ? Math.round((run.progressDone / total) * 100) : run.status === "succeeded" ? 100 : 0;
  const active = isActive(run.status);
  return (
    <Paper p="md" data-testid="run-panel">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} fz="h4">
            Get Services Definition
          </Title>
          <StatusBadge status={run.status} />
        </Group>
        <div>
          <Progress
            value={pct}
            animated={active}
            striped={active}
            color={run.status === "failed" ? "red" : run.status === "succeeded" ? "green" : "indigo"}
            size="lg"
            aria-label="Run progress"
          />
          <Group justify="space-between" mt={4}>
            <Text size="xs" c="dimmed">
              {total > 0 ? `${run.progressDone} of ${total} steps` : active ? "Starting…" : ""}
            </Text>
            <Text size="xs" c="dimmed">
              {run.finishedAt
                ? `Finished ${formatDateTime(run.finishedAt)}`
                : `Requested ${formatDateTime(run.createdAt)}`}
            </Text>
          </Group>
        </div>
        {run.error && (
          <Alert color="red" variant="light" title="The run failed">
            {run.error}
          </Alert>
        )}
        <RunLog run={run} />
        {run.summary && Object.keys(run.summary).length > 0 && (
          <div>
            <Text fw={600} size="sm" mb={4}>
              Summary
            </Text>
            <RunSummary summary={run.summary} />
          </div>
        )}
      </Stack>
    </Paper>
  );
}
