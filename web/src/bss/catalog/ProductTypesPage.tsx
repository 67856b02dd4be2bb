import { Anchor, Paper, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import { DataTable } from "../../components/DataTable.tsx";
import { StatusBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { toProductTypes } from "./catalog.api.ts";

export function ProductTypesPage() {
  const state = useApi("/api/bss/catalog/product-types", toProductTypes);
  return (
    <Paper p="md">
      <DataTable
        state={state}
        empty="No product types yet"
        emptyHint="Run Get Services Definition on a service manager to import its catalogue."
        head={["Name", "Code", "Products", "Policies", "Status", ""]}
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
              <StatusBadge status={t.status} />
            </Table.Td>
            <Table.Td ta="right">
              <Anchor
                component={Link}
                to={`/bss/catalogue?productTypeId=${encodeURIComponent(t.id)}`}
                size="sm"
              >
                Show products
              </Anchor>
            </Table.Td>
          </Table.Tr>
        )}
      />
    </Paper>
  );
}
