import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconAlertTriangle, IconClockPlay, IconInfoCircle, IconPlayerStop } from "@tabler/icons-react";
import { type FormEvent, useEffect, useState } from "react";
import { api, errorMessage, formatDate, formatDateTime, plural } from "../../api.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { KeyValueTable, StatusBadge } from "../../components/Values.tsx";
import { useApi, useInterval } from "../../hooks.ts";
import type { Clock } from "../billing/BillingRunsPage.tsx";

interface ClockState extends Clock {
  /** The caller may advance it: a manual clock and an administrator of the root distributor. */
  canAdvance: boolean;
  advancing: boolean;
}

/** A clock advance as the API returns it (GET /api/bss/clock/runs/:id). */
interface ClockRun {
  id: string;
  status: "queued" | "running" | "succeeded" | "failed" | "canceled";
  from: string;
  to: string;
  currentDay: string;
  daysDone: number;
  daysTotal: number;
  runs: number;
  documentsCreated: number;
  jobsRun: number;
  error: string | null;
  cancelRequested: boolean;
}

const MAX = { days: 3660, months: 120 } as const;
const isActive = (run: ClockRun) => run.status === "queued" || run.status === "running";

function RunOutcome({ run }: { run: ClockRun }) {
  const summary = `${plural(run.daysDone, "day")}, ${plural(run.runs, "billing run")}, ${plural(run.documentsCreated, "document")} issued, ${plural(run.jobsRun, "job")} run.`;
  if (run.status === "succeeded")
    return (
      <Alert mt="md" color="green" variant="light" title="Clock advanced" data-testid="advance-result">
        {`${formatDateTime(run.from)} → ${formatDateTime(run.to)}: ${summary}`}
      </Alert>
    );
  return (
    <Alert
      mt="md"
      color={run.status === "failed" ? "red" : "gray"}
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={run.status === "failed" ? "The advance failed" : "Advance canceled"}
      data-testid="advance-result"
      role={run.status === "failed" ? "alert" : undefined}
    >
      {`${run.error ?? ""} Reached ${formatDate(run.currentDay)}: ${summary}`}
    </Alert>
  );
}

function RunProgress({
  run,
  onCancel,
  canceling,
}: {
  run: ClockRun;
  onCancel: () => void;
  canceling: boolean;
}) {
  const pct = run.daysTotal > 0 ? Math.round((run.daysDone * 100) / run.daysTotal) : 0;
  const stat = (label: string, value: number) => (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </div>
  );
  return (
    <Stack gap="sm" mt="md" data-testid="advance-progress">
      <Group justify="space-between">
        <Text size="sm" role="status">
          Running every day's billing: <b>{formatDate(run.currentDay)}</b> reached, {run.daysDone} of{" "}
          {plural(run.daysTotal, "day")}
        </Text>
        <StatusBadge status={run.status} />
      </Group>
      <Progress value={pct} animated aria-label={`Clock advance progress: ${pct} %`} />
      <SimpleGrid cols={{ base: 3 }}>
        {stat("Billing runs", run.runs)}
        {stat("Documents", run.documentsCreated)}
        {stat("Jobs", run.jobsRun)}
      </SimpleGrid>
      <Group>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconPlayerStop size={14} />}
          onClick={onCancel}
          loading={canceling}
          disabled={run.cancelRequested}
        >
          {run.cancelRequested ? "Stopping after this day…" : "Stop"}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Sandbox mode: move the business clock; every day passed runs billing and drains the jobs. Only
 * the installation's operator (an administrator of the root distributor) may advance it; the
 * advance runs on the server in the background and this page polls its run to the outcome.
 */
export function ClockPage() {
  const clock = useApi<ClockState>("/api/bss/clock");
  const canAdvance = clock.data?.canAdvance === true;
  const latest = useApi<{ items: ClockRun[] }>(canAdvance ? "/api/bss/clock/runs?limit=1" : null);
  const [amount, setAmount] = useState<string | number>(1);
  const [unit, setUnit] = useState<"days" | "months">("days");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [canceling, setCanceling] = useState(false);
  const [run, setRun] = useState<ClockRun | null>(null);

  // After a reload, show the latest advance: its progress if it still runs, else its outcome.
  useEffect(() => {
    const last = latest.data?.items[0];
    if (last) setRun((current) => current ?? last);
  }, [latest.data]);

  const polling = run !== null && isActive(run);
  useInterval(
    () => {
      if (!run) return;
      api
        .get<ClockRun>(`/api/bss/clock/runs/${encodeURIComponent(run.id)}`)
        .then((next) => {
          setRun(next);
          if (!isActive(next)) clock.reload();
        })
        .catch((e: unknown) => setError(errorMessage(e)));
    },
    polling ? 500 : null,
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    const n = Number(amount);
    const max = MAX[unit];
    if (amount === "" || !Number.isInteger(n) || n < 1 || n > max) {
      setFieldError(`A whole number from 1 to ${max}`);
      return;
    }
    setFieldError(null);
    setError(null);
    setBusy(true);
    try {
      setRun(await api.post<ClockRun>("/api/bss/clock/advance", { [unit]: n }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function cancel() {
    if (!run) return;
    setCanceling(true);
    try {
      setRun(await api.post<ClockRun>(`/api/bss/clock/runs/${encodeURIComponent(run.id)}/cancel`, {}));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setCanceling(false);
    }
  }

  return (
    <>
      <PageHeader title="Sandbox clock" description="Live months of a subscription's life in seconds." />
      {clock.error ? (
        <ErrorState error={clock.error} onRetry={clock.reload} />
      ) : !clock.data ? (
        <Loading />
      ) : (
        <Stack gap="lg">
          <Paper p="md">
            <Title order={3} fz="h4" mb="sm">
              Business time
            </Title>
            <KeyValueTable
              data={{
                clock: clock.data.kind === "manual" ? "Manual (sandbox)" : "System (real time)",
                today: <span data-testid="clock-today">{formatDate(clock.data.today)}</span>,
                now: formatDateTime(clock.data.now),
              }}
            />
          </Paper>
          {clock.data.kind !== "manual" ? (
            <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />}>
              The clock follows real time (OPENBSS_CLOCK=system): only a manual (sandbox) clock can be
              advanced.
            </Alert>
          ) : !canAdvance ? (
            <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />}>
              {clock.data.advancing
                ? "The installation's operator is advancing the clock; every tenant's billing runs for each day."
                : "Only the installation's operator (an administrator of the root distributor) can advance the clock: every day passed runs every tenant's billing."}
            </Alert>
          ) : (
            <Paper p="md">
              <Title order={3} fz="h4" mb="sm">
                Advance the clock
              </Title>
              <form onSubmit={submit} noValidate aria-label="Advance the clock">
                <Group align="flex-end" gap="sm">
                  <NumberInput
                    label="Advance by"
                    min={1}
                    max={MAX[unit]}
                    allowDecimal={false}
                    value={amount}
                    onChange={setAmount}
                    error={fieldError}
                    required
                    w={{ base: "100%", xs: 140 }}
                  />
                  <SegmentedControl
                    aria-label="Unit"
                    value={unit}
                    onChange={(v) => setUnit(v as "days" | "months")}
                    data={[
                      { value: "days", label: "Days" },
                      { value: "months", label: "Months" },
                    ]}
                  />
                  <Button
                    type="submit"
                    loading={busy}
                    disabled={polling}
                    leftSection={<IconClockPlay size={16} />}
                  >
                    Advance
                  </Button>
                </Group>
              </form>
              <Text size="xs" c="dimmed" mt="xs">
                At most {MAX.months} months ({MAX.days} days) at a time. The server runs every tenant's
                billing for each day in the background; you may leave this page.
              </Text>
              {error && (
                <Alert
                  mt="md"
                  color="red"
                  variant="light"
                  icon={<IconAlertTriangle size={18} />}
                  role="alert"
                >
                  {error}
                </Alert>
              )}
              {run &&
                (isActive(run) ? (
                  <RunProgress run={run} onCancel={cancel} canceling={canceling} />
                ) : (
                  <RunOutcome run={run} />
                ))}
            </Paper>
          )}
        </Stack>
      )}
    </>
  );
}
