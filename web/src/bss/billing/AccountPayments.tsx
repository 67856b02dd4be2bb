import { Box, Group, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { formatDate, formatMoney } from "../../api.ts";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { ErrorState, Loading } from "../../components/States.tsx";
import { useApi } from "../../hooks.ts";
import { type AccountBalance, PAYMENT_METHODS, type Statement } from "./billing.api.ts";
import { RecordPaymentForm } from "./RecordPaymentDialog.tsx";

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
