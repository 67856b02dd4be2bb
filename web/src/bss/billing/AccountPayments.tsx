import { Alert, Box, Button, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { api, errorMessage, fieldErrors, formatDate, formatMoney } from "../../api.ts";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { ErrorState, Loading } from "../../components/States.tsx";
import { useApi } from "../../hooks.ts";
import { useCanWrite } from "../session.tsx";
import { type AccountBalance, PAYMENT_METHODS, type Statement } from "./billing.api.ts";

type StatementRow =
  | Statement["entries"][number]
  | (Omit<Statement["entries"][number], "type" | "amount"> & { type: "opening"; amount: null });

const ENTRY_LABEL = { invoice: "Invoice", credit_note: "Credit note", opening: "Opening balance" } as const;

const STATEMENT_COLUMNS: Column<StatementRow>[] = [
  { key: "date", header: "Date", nowrap: true, render: (e) => formatDate(e.date) },
  {
    key: "entry",
    header: "Entry",
    primary: true,
    render: (e) =>
      e.type === "payment"
        ? `Payment (${PAYMENT_METHODS.find((m) => m.value === e.method)?.label ?? e.method})`
        : ENTRY_LABEL[e.type],
  },
  { key: "reference", header: "Reference", render: (e) => <span className="mono">{e.reference}</span> },
  { key: "due", header: "Due", nowrap: true, render: (e) => (e.dueDate ? formatDate(e.dueDate) : "") },
  {
    key: "amount",
    header: "Amount",
    align: "right",
    nowrap: true,
    render: (e) => (e.amount ? formatMoney(e.amount) : ""),
  },
  { key: "balance", header: "Balance", align: "right", nowrap: true, render: (e) => formatMoney(e.balance) },
];

/**
 * R-PAY-01 on the account page: what the account owes (balance per currency), recording a
 * payment (allocated oldest due first), and the statement for a date range.
 */
export function AccountPayments({ accountId }: { accountId: string }) {
  const q = encodeURIComponent(accountId);
  const balance = useApi<AccountBalance>(`/api/bss/accounts/${q}/balance`);
  const year = new Date().getUTCFullYear();
  const [range, setRange] = useState({ from: `${year}-01-01`, to: `${year}-12-31` });
  const statement = useApi<Statement>(`/api/bss/accounts/${q}/statement?from=${range.from}&to=${range.to}`);
  const reload = () => {
    balance.reload();
    statement.reload();
  };
  return (
    <Stack gap="md">
      {balance.error ? (
        <ErrorState error={balance.error} onRetry={balance.reload} />
      ) : !balance.data ? (
        <Loading />
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="md" data-testid="account-balance">
          {balance.data.balances.slice(0, 1).flatMap((b) =>
            (
              [
                ["Invoiced", b.invoiced],
                ["Credited", b.credited],
                ["Paid", b.paid],
                ["Unallocated credit", b.unallocated],
                ["Balance", b.balance],
              ] as const
            ).map(([label, value]) => (
              <div key={label}>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  {label}
                </Text>
                <Text fw={label === "Balance" ? 700 : 500}>{formatMoney(value)}</Text>
              </div>
            )),
          )}
        </SimpleGrid>
      )}
      <RecordPaymentForm accountId={accountId} onRecorded={reload} />
      <Title order={4} fz="h5">
        Statement
      </Title>
      <Group gap="sm" align="flex-end">
        <TextInput
          type="date"
          label="From"
          value={range.from}
          onChange={(e) => e.currentTarget.value && setRange({ ...range, from: e.currentTarget.value })}
        />
        <TextInput
          type="date"
          label="To"
          value={range.to}
          onChange={(e) => e.currentTarget.value && setRange({ ...range, to: e.currentTarget.value })}
        />
      </Group>
      {statement.error ? (
        <ErrorState error={statement.error} onRetry={statement.reload} />
      ) : !statement.data ? (
        <Loading />
      ) : (
        <Box data-testid="account-statement">
          <ItemsTable
            label="Statement"
            items={[
              {
                id: "opening",
                date: statement.data.from,
                type: "opening" as const,
                reference: "",
                dueDate: null,
                method: null,
                amount: null,
                balance: statement.data.opening,
              },
              ...statement.data.entries,
            ]}
            columns={STATEMENT_COLUMNS}
            rowKey={(e) => e.id}
            footer={[
              {
                key: "closing",
                label: "Closing balance",
                strong: true,
                cells: { balance: formatMoney(statement.data.closing) },
              },
            ]}
          />
        </Box>
      )}
    </Stack>
  );
}

function RecordPaymentForm({ accountId, onRecorded }: { accountId: string; onRecorded: () => void }) {
  const canWrite = useCanWrite();
  const today = new Date().toISOString().slice(0, 10);
  const empty = { method: "bank_transfer", paidOn: today, amount: "", reference: "", note: "" };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per payment typed in: a retried submit never records it twice.
  const [key, setKey] = useState(() => crypto.randomUUID());

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setErrors({});
    try {
      await api.post(
        "/api/bss/payments",
        {
          accountId,
          method: form.method,
          paidOn: form.paidOn,
          amount: form.amount.trim(),
          reference: form.reference.trim(),
          ...(form.note.trim() ? { note: form.note.trim() } : {}),
        },
        { "Idempotency-Key": key },
      );
      notifications.show({
        color: "green",
        title: "Payment recorded",
        message: "Allocated oldest due first.",
      });
      setForm(empty);
      setKey(crypto.randomUUID());
      onRecorded();
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Record a payment">
      <Stack gap="xs">
        {error && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {error}
          </Alert>
        )}
        <Group gap="sm" align="flex-start" grow>
          <Select
            label="Method"
            data={PAYMENT_METHODS}
            value={form.method}
            onChange={(v) => v && setForm({ ...form, method: v })}
            allowDeselect={false}
          />
          <TextInput
            type="date"
            label="Paid on"
            value={form.paidOn}
            onChange={(e) => setForm({ ...form, paidOn: e.currentTarget.value })}
            error={errors.paidOn}
          />
          <TextInput
            label="Amount"
            inputMode="decimal"
            placeholder="120.00"
            value={form.amount}
            onChange={(e) => setForm({ ...form, amount: e.currentTarget.value })}
            error={errors.amount}
          />
          <TextInput
            label="Reference"
            value={form.reference}
            onChange={(e) => setForm({ ...form, reference: e.currentTarget.value })}
            error={errors.reference}
          />
        </Group>
        <Group gap="sm" align="flex-end">
          <TextInput
            label="Note"
            style={{ flex: 1 }}
            value={form.note}
            onChange={(e) => setForm({ ...form, note: e.currentTarget.value })}
            error={errors.note}
          />
          <Button type="submit" loading={busy} disabled={!canWrite}>
            Record payment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
