import { Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { formatDate, formatMoney } from "../../api.ts";
import { ErrorState, Loading } from "../../components/States.tsx";
import { useApi } from "../../hooks.ts";
import { type AccountBalance, PAYMENT_METHODS, type Statement } from "./billing.api.ts";
import { RecordPaymentForm } from "./RecordPaymentDialog.tsx";

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
        <Table.ScrollContainer minWidth={640}>
          <Table striped data-testid="account-statement">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>Entry</Table.Th>
                <Table.Th>Reference</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
                <Table.Th ta="right">Balance</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr>
                <Table.Td colSpan={5}>Opening balance</Table.Td>
                <Table.Td ta="right">{formatMoney(statement.data.opening)}</Table.Td>
              </Table.Tr>
              {statement.data.entries.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{formatDate(e.date)}</Table.Td>
                  <Table.Td>
                    {e.type === "payment"
                      ? `Payment (${PAYMENT_METHODS.find((m) => m.value === e.method)?.label ?? e.method})`
                      : e.type === "invoice"
                        ? "Invoice"
                        : "Credit note"}
                  </Table.Td>
                  <Table.Td className="mono">{e.reference}</Table.Td>
                  <Table.Td>{e.dueDate ? formatDate(e.dueDate) : ""}</Table.Td>
                  <Table.Td ta="right">{formatMoney(e.amount)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(e.balance)}</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Td colSpan={5} fw={600}>
                  Closing balance
                </Table.Td>
                <Table.Td ta="right" fw={600}>
                  {formatMoney(statement.data.closing)}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
