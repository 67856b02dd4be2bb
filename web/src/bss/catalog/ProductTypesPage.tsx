import { Anchor, Button, Group, Paper, Table, Text } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { formatMoney } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { StatusBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { useBssSession } from "../session.tsx";
import { CancellationOptionsModal } from "./CancellationOptionsDialog.tsx";
import { type ProductType, toProductTypes } from "./catalog.api.ts";

/** R-CRQ-01 on a row: which Storefront cancellations wait for approval. */
function CancellationSummary({ t }: { t: ProductType }) {
  const o = t.cancellationRequests;
  const parts = [
    `Subscriptions: ${o.automaticSubscriptions ? "automatic" : "request"}`,
    `Add-ons: ${o.automaticAddons ? "automatic" : "request"}`,
    ...(o.amountThreshold ? [`above ${formatMoney(o.amountThreshold)}: request`] : []),
  ];
  return (
    <Text size="sm" c="dimmed">
      {parts.join(" · ")}
    </Text>
  );
}

export function ProductTypesPage() {
  const state = useApi("/api/bss/catalog/product-types", toProductTypes);
  const isAdmin = useBssSession().actor.role === "admin";
  const [editing, setEditing] = useState<ProductType | null>(null);
  return (
    <Paper p="md">
      <DataTable
        state={state}
        empty="No product types yet"
        emptyHint="Run Get Services Definition on a service manager to import its catalogue."
        head={["Name", "Code", "Products", "Policies", "Cancellations", "Status", ""]}
        row={(t) => (
          <Table.Tr key={t.id}>
            <Table.Td fw={500}>{t.name}</Table.Td>
            <Table.Td className="mono">{t.code}</Table.Td>
            <Table.Td>{t.productCount ?? <Text c="dimmed">—</Text>}</Table.Td>
            <Table.Td>
              <Text size="sm" c="dimmed">
                {Object.keys(t.policies).length} policies
              </Text>
            </Table.Td>
            <Table.Td>
              <CancellationSummary t={t} />
            </Table.Td>
            <Table.Td>
              <StatusBadge status={t.status} />
            </Table.Td>
            <Table.Td ta="right">
              <Group gap="sm" justify="flex-end" wrap="nowrap">
                {isAdmin && (
                  <Button size="xs" variant="light" onClick={() => setEditing(t)}>
                    Cancellation options
                  </Button>
                )}
                <Anchor
                  component={Link}
                  to={`/bss/catalogue?productTypeId=${encodeURIComponent(t.id)}`}
                  size="sm"
                >
                  Show products
                </Anchor>
              </Group>
            </Table.Td>
          </Table.Tr>
        )}
      />
      {editing && (
        <CancellationOptionsModal
          type={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            state.reload();
          }}
        />
      )}
    </Paper>
  );
}
