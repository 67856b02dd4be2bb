import { Anchor, Badge, Group, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { formatMoney } from "../../api.ts";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column, Filter } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { StatusBadge, TermBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { PRODUCT_KINDS, type Product, TERMS, toProductPage, toProductTypes } from "./catalog.api.ts";

const TRIAL_OPTIONS = [
  { value: "true", label: "Trials only" },
  { value: "false", label: "Paid only" },
];

const columns = (typeName: (id: string) => string | undefined): Column<Product>[] => [
  {
    key: "name",
    header: "Product",
    sort: "name",
    primary: true,
    render: (p) => (
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
    ),
  },
  { key: "term", header: "Term", sort: "term", render: (p) => <TermBadge term={p.term} /> },
  {
    key: "licences",
    header: "Licences",
    render: (p) => (
      <Text size="sm">
        min {p.minQuantity}
        {p.includedLicences > 0 ? ` · ${p.includedLicences} included` : ""}
      </Text>
    ),
  },
  {
    key: "listPrice",
    header: "List price",
    sort: "listPrice",
    align: "right",
    nowrap: true,
    render: (p) => formatMoney(p.listPrice),
  },
  { key: "status", header: "Status", render: (p) => <StatusBadge status={p.status} /> },
];

/** The catalogue's products: base plans before trials and add-ons, then by name (the API's default). */
export function ProductsPage() {
  const types = useApi("/api/bss/catalog/product-types", toProductTypes);
  const filters: Filter[] = [
    { kind: "search", placeholder: "Name or SKU" },
    {
      kind: "select",
      name: "productTypeId",
      label: "Product type",
      placeholder: types.error ? "Unavailable" : "All types",
      data: (types.data ?? []).map((t) => ({ value: t.id, label: t.name })),
    },
    { kind: "select", name: "term", label: "Billing term", placeholder: "All terms", data: TERMS },
    { kind: "select", name: "kind", label: "Kind", placeholder: "All kinds", data: PRODUCT_KINDS },
    { kind: "select", name: "isTrial", label: "Trial", placeholder: "Trials and paid", data: TRIAL_OPTIONS },
  ];
  const list = useList({
    path: "/api/bss/catalog/products",
    map: toProductPage,
    filters,
    defaultSort: "kind",
  });
  const typeName = (id: string) => types.data?.find((t) => t.id === id)?.name;
  return (
    <ListView
      list={list}
      columns={columns(typeName)}
      rowKey={(p) => p.id}
      noun="products"
      empty="No products yet"
      emptyHint={
        list.filtered ? undefined : "Run Get Services Definition on a service manager to import products."
      }
    />
  );
}
