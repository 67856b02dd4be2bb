import {
  Alert,
  Button,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconAlertTriangle, IconPlayerPlay } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { api, errorMessage, fieldErrors, formatDate, formatDateTime } from "../../api.ts";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { StatusBadge } from "../../components/Values.tsx";
import { useApi, useInterval } from "../../hooks.ts";
import { useCanWrite } from "../session.tsx";
import { type BillingRun, isRunFinished, toRunPage } from "./billing.api.ts";

export interface Clock {
  kind: string;
  now: string;
  today: string;
}

function RunProgress({ run }: { run: BillingRun }) {
  const pct =
    run.accountsTotal > 0
      ? Math.round((run.accountsDone * 100) / run.accountsTotal)
      : isRunFinished(run)
        ? 100
        : 0;
  const stat = (label: string, value: number) => (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={600} data-testid={`run-${label.toLowerCase().replaceAll(" ", "-")}`}>
        {value}
      </Text>
    </div>
  );
  return (
    <Stack gap="sm" data-testid="run-progress">
      <Group justify="space-between">
        <Text size="sm">
          Billing run for <b>{formatDate(run.runDate)}</b>
        </Text>
        <StatusBadge status={run.status} />
      </Group>
      <Progress
        value={pct}
        animated={!isRunFinished(run)}
        color={run.status === "failed" ? "red" : undefined}
        aria-label={`Billing run progress: ${pct} %`}
      />
      <Text size="xs" c="dimmed">
        {run.accountsDone} of {run.accountsTotal} paying accounts invoiced
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        {stat("Changes applied", run.changesApplied)}
        {stat("Renewed", run.renewed)}
        {stat("Inactivated", run.inactivated)}
        {stat("Charges", run.chargesCreated)}
        {stat("Documents", run.documentsCreated)}
      </SimpleGrid>
      {run.error && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
          {run.error}
        </Alert>
      )}
    </Stack>
  );
}

/** What started a run, in words. */
const TRIGGERS: Record<string, string> = {
  api: "On request",
  cli: "Command line",
  worker: "Daily schedule",
  clock: "Sandbox clock",
};

const COLUMNS: Column<BillingRun>[] = [
  {
    key: "runDate",
    header: "Date",
    sort: "runDate",
    primary: true,
    nowrap: true,
    render: (r) => formatDate(r.runDate),
  },
  { key: "trigger", header: "Trigger", render: (r) => TRIGGERS[r.trigger] ?? r.trigger },
  { key: "status", header: "Status", sort: "status", render: (r) => <StatusBadge status={r.status} /> },
  {
    key: "accounts",
    header: "Accounts",
    align: "right",
    render: (r) => `${r.accountsDone}/${r.accountsTotal}`,
  },
  { key: "renewed", header: "Renewed", align: "right", render: (r) => r.renewed },
  {
    key: "documentsCreated",
    header: "Documents",
    sort: "documentsCreated",
    align: "right",
    render: (r) => r.documentsCreated,
  },
  {
    key: "startedAt",
    header: "Started",
    sort: "startedAt",
    nowrap: true,
    render: (r) => formatDateTime(r.startedAt),
  },
];

export function BillingRunsPage() {
  const clock = useApi<Clock>("/api/bss/clock");
  const list = useList({
    path: "/api/bss/billing/runs",
    map: toRunPage,
    defaultSort: "-startedAt",
    limit: 20,
  });
  const runs = list.state;
  // Empty until the user picks one: the business today.
  const [picked, setPicked] = useState<string | null>(null);
  const date = picked ?? clock.data?.today ?? "";
  const [dateError, setDateError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [current, setCurrent] = useState<BillingRun | null>(null);
  const canWrite = useCanWrite();

  const polling = current !== null && !isRunFinished(current);
  useInterval(
    () => {
      if (!current) return;
      api
        .get<BillingRun>(`/api/bss/billing/runs/${encodeURIComponent(current.id)}`)
        .then((run) => {
          setCurrent(run);
          if (isRunFinished(run)) runs.reload();
        })
        .catch((e: unknown) => setError(errorMessage(e)));
    },
    polling ? 1000 : null,
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setDateError("Choose the billing date");
      return;
    }
    if (clock.data && date > clock.data.today) {
      setDateError(`Nothing is billed ahead of the clock: ${clock.data.today} at the latest`);
      return;
    }
    setDateError(null);
    setError(null);
    setBusy(true);
    try {
      setCurrent(await api.post<BillingRun>("/api/bss/billing/runs", { date }));
      runs.reload();
    } catch (err) {
      setDateError(fieldErrors(err).date ?? null);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader
        title="Billing runs"
        description="A run applies the day's scheduled changes, renewals and expiries, then invoices what is due."
      />
      <Stack gap="lg">
        <Paper p="md">
          <form onSubmit={submit} noValidate aria-label="Run billing">
            <Group align="flex-end" gap="sm">
              <TextInput
                type="date"
                label="Billing date"
                description={clock.data ? `Today is ${formatDate(clock.data.today)}` : undefined}
                value={date}
                max={clock.data?.today}
                onChange={(e) => setPicked(e.currentTarget.value)}
                error={dateError}
                required
                w={{ base: "100%", xs: 220 }}
              />
              <Button
                type="submit"
                loading={busy || polling}
                disabled={!clock.data || !canWrite}
                leftSection={<IconPlayerPlay size={16} />}
              >
                Run billing
              </Button>
            </Group>
          </form>
          {error && !dateError && (
            <Alert mt="md" color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {error}
            </Alert>
          )}
          {current && (
            <Paper p="md" mt="md" withBorder>
              <RunProgress run={current} />
            </Paper>
          )}
        </Paper>
        <Paper p="md">
          <Title order={3} fz="h4" mb="sm">
            Runs
          </Title>
          <ListView
            bare
            list={list}
            columns={COLUMNS}
            rowKey={(r) => r.id}
            noun="billing runs"
            empty="No billing runs yet"
          />
        </Paper>
      </Stack>
    </>
  );
}
