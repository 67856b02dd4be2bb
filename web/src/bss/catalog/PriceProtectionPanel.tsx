import { ActionIcon, Alert, Button, Group, NumberInput, Select, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { api, errorMessage, toPage } from "../../api.ts";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { useApi } from "../../hooks.ts";
import { useCanWrite } from "../session.tsx";

/** R-PRC-02: a price protection term as the API answers it. */
interface ProtectionTerm {
  id: string;
  productId: string | null;
  productTypeId: string | null;
  currency: string;
  term: string;
  months: number;
}

const BASE = "/api/bss/catalog/price-protection-terms";
const toTerms = (raw: unknown) => toPage(raw, (x) => x as ProtectionTerm);

/**
 * Price protection (R-PRC-02) of a product or of a product type: months per currency and
 * commitment term, 0 = off; a product's own row wins over its type's. Clerks edit, viewers read.
 */
export function PriceProtectionPanel({
  target,
  label,
}: {
  target: { productId: string } | { productTypeId: string };
  label: string;
}) {
  const canWrite = useCanWrite();
  const query =
    "productId" in target ? `productId=${target.productId}` : `productTypeId=${target.productTypeId}`;
  const state = useApi(`${BASE}?${query}&limit=100`, toTerms);
  const [currency, setCurrency] = useState("EUR");
  const [term, setTerm] = useState<string | null>("MCMB");
  const [months, setMonths] = useState<number | string>(12);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (what: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await what();
      state.reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const items = state.data?.items ?? [];
  const columns: Column<ProtectionTerm>[] = [
    { key: "currency", header: "Currency", render: (t) => t.currency },
    { key: "term", header: "Term", primary: true, render: (t) => t.term },
    {
      key: "months",
      header: "Months",
      render: (t) =>
        canWrite ? (
          <NumberInput
            size="xs"
            w={90}
            min={0}
            max={120}
            defaultValue={t.months}
            aria-label={`Months for ${t.currency} ${t.term}`}
            onBlur={(e) => {
              const v = Number(e.currentTarget.value);
              if (Number.isInteger(v) && v !== t.months)
                void run(async () => {
                  await api.patch(`${BASE}/${t.id}`, { months: v });
                  notifications.show({
                    color: "green",
                    message: `Protection ${t.currency} ${t.term}: ${v} months`,
                  });
                });
            }}
          />
        ) : t.months === 0 ? (
          "0 (off)"
        ) : (
          t.months
        ),
    },
    {
      key: "actions",
      header: "",
      align: "right",
      render: (t) =>
        canWrite && (
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove protection ${t.currency} ${t.term}`}
            disabled={busy}
            onClick={() => void run(() => api.delete(`${BASE}/${t.id}`))}
          >
            <IconTrash size={16} />
          </ActionIcon>
        ),
    },
  ];
  return (
    <>
      <Text size="sm" fw={500} mb={4}>
        {label}
      </Text>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed" mb="xs">
          No protection terms
        </Text>
      ) : (
        <ItemsTable items={items} columns={columns} rowKey={(t) => t.id} label={label} />
      )}
      {canWrite && (
        <Group gap="xs" align="end" mb="xs">
          <TextInput
            size="xs"
            w={80}
            label="Currency"
            value={currency}
            onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
          />
          <Select
            size="xs"
            w={100}
            label="Term"
            data={["MCMB", "AC1M", "AC1Y"]}
            value={term}
            onChange={setTerm}
            allowDeselect={false}
          />
          <NumberInput
            size="xs"
            w={90}
            label="Months"
            min={0}
            max={120}
            value={months}
            onChange={setMonths}
          />
          <Button
            size="xs"
            loading={busy}
            onClick={() =>
              void run(() => api.post(BASE, { ...target, currency, term, months: Number(months) }))
            }
          >
            Add
          </Button>
        </Group>
      )}
      {error && (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      )}
    </>
  );
}
