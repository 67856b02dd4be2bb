import { Anchor, Badge, Group, Paper, Select, Stack, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import { formatMoney, withQuery } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { SearchFilter, useUrlFilters } from "../../components/filters.tsx";
import { Pager } from "../../components/Pager.tsx";
import { StatusBadge, TermBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { PRODUCT_KINDS, TERMS, toProductPage, toProductTypes } from "./catalog.api.ts";

const LIMIT = 25;
const TRIAL_OPTIONS = [
  { value: "true", label: "Trials only" },
  { value: "false", label: "Paid only" },
];

export function ProductsPage() {
  const [params, update] = useUrlFilters();
  const filters = {
    productTypeId: params.get("productTypeId") ?? "",
    term: params.get("term") ?? "",
    kind: params.get("kind") ?? "",
    isTrial: params.get("isTrial") ?? "",
    q: params.get("q") ?? "",
  };
  const offset = Number(params.get("offset") ?? 0) || 0;
  const types = useApi("/api/bss/catalog/product-types", toProductTypes);
  const state = useApi(
    withQuery("/api/bss/catalog/products", { ...filters, limit: LIMIT, offset }),
    toProductPage,
  );
  const typeName = (id: string) => types.data?.find((t) => t.id === id)?.name;
  const filtered = Object.values(filters).some(Boolean);
  const select = (key: keyof typeof filters) => ({
    value: filters[key] || null,
    onChange: (v: string | null) => update({ [key]: v, offset: null }),
    clearable: true,
    w: { base: "100%", xs: 190 },
  });

  return (
    <Paper p="md">
      <Group mb="md" gap="sm" align="flex-end">
        <SearchFilter placeholder="Name or SKU" />
        <Select
          label="Product type"
          placeholder={types.error ? "Unavailable" : "All types"}
          data={(types.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
          disabled={!types.data}
          {...select("productTypeId")}
        />
        <Select label="Billing term" placeholder="All terms" data={TERMS} {...select("term")} />
        <Select label="Kind" placeholder="All kinds" data={PRODUCT_KINDS} {...select("kind")} />
        <Select label="Trial" placeholder="Trials and paid" data={TRIAL_OPTIONS} {...select("isTrial")} />
      </Group>
      <DataTable
        state={state}
        minWidth={760}
        empty={filtered ? "No products match these filters" : "No products yet"}
        emptyHint={
          filtered ? undefined : "Run Get Services Definition on a service manager to import products."
        }
        head={["Product", "Term", "Licences", "List price", "Status"]}
        row={(p) => (
          <Table.Tr key={p.id}>
            <Table.Td>
              <Stack gap={0}>
                <Group gap={6} wrap="nowrap">
                  <Anchor component={Link} to={`/bss/catalogue/products/${p.id}`} fw={500}>
                    {p.name}
                  </Anchor>
                  {p.kind === "addon" && (
                    <Badge size="xs" variant="light" color="teal">
                      Add-on
                    </Badge>
                  )}
                  {p.isTrial && (
                    <Badge size="xs" variant="light" color="yellow">
                      Trial
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed" className="mono">
                  {p.sku}
                  {typeName(p.productTypeId) ? ` · ${typeName(p.productTypeId)}` : ""}
                </Text>
              </Stack>
            </Table.Td>
            <Table.Td>
              <TermBadge term={p.term} />
            </Table.Td>
            <Table.Td>
              <Text size="sm">
                min {p.minQuantity}
                {p.includedLicences > 0 ? ` · ${p.includedLicences} included` : ""}
              </Text>
            </Table.Td>
            <Table.Td style={{ whiteSpace: "nowrap" }}>{formatMoney(p.listPrice)}</Table.Td>
            <Table.Td>
              <StatusBadge status={p.status} />
            </Table.Td>
          </Table.Tr>
        )}
      />
      {state.data && (
        <Pager
          total={state.data.total}
          limit={state.data.limit || LIMIT}
          offset={state.data.offset}
          onChange={(o) => update({ offset: o })}
          noun="products"
        />
      )}
    </Paper>
  );
}
