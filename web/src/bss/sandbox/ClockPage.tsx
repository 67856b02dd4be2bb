import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconAlertTriangle, IconClockPlay, IconInfoCircle } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { api, errorMessage, formatDate, formatDateTime, plural } from "../../api.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { KeyValueTable } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import type { Clock } from "../billing/BillingRunsPage.tsx";
import { useCanWrite } from "../session.tsx";

interface Advanced extends Clock {
  from: string;
  days: number;
  runs: number;
  documentsCreated: number;
  jobsRun: number;
}

/** Sandbox mode: move the business clock; every day passed runs billing and drains the jobs. */
export function ClockPage() {
  const clock = useApi<Clock>("/api/bss/clock");
  const [amount, setAmount] = useState<string | number>(1);
  const [unit, setUnit] = useState<"days" | "months">("days");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Advanced | null>(null);
  const canWrite = useCanWrite();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const n = Number(amount);
    const max = unit === "days" ? 3660 : 120;
    if (amount === "" || !Number.isInteger(n) || n < 1 || n > max) {
      setFieldError(`A whole number from 1 to ${max}`);
      return;
    }
    setFieldError(null);
    setError(null);
    setBusy(true);
    try {
      setResult(await api.post<Advanced>("/api/bss/clock/advance", { [unit]: n }));
      clock.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
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
                    max={unit === "days" ? 3660 : 120}
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
                    disabled={!canWrite}
                    leftSection={<IconClockPlay size={16} />}
                  >
                    Advance
                  </Button>
                </Group>
              </form>
              {busy && (
                <Text size="sm" c="dimmed" mt="sm" role="status">
                  Running every day's billing…
                </Text>
              )}
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
              {result && (
                <Alert
                  mt="md"
                  color="green"
                  variant="light"
                  title="Clock advanced"
                  data-testid="advance-result"
                >
                  {`${formatDateTime(result.from)} → ${formatDateTime(result.now)}: ${plural(result.days, "day")}, ${plural(result.runs, "billing run")}, ${plural(result.documentsCreated, "document")} issued, ${plural(result.jobsRun, "job")} run.`}
                </Alert>
              )}
            </Paper>
          )}
        </Stack>
      )}
    </>
  );
}
