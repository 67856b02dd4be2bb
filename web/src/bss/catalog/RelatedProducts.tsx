import { Anchor, Badge, ScrollArea, Tabs, Text } from "@mantine/core";
import { IconArrowDownRight, IconArrowUpRight, IconPuzzle } from "@tabler/icons-react";
import { Link } from "react-router";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { TermBadge } from "../../components/Values.tsx";
import type { ProductDetail, ProductRef } from "./catalog.api.ts";

const COLUMNS: Column<ProductRef>[] = [
  {
    key: "product",
    header: "Product",
    primary: true,
    render: (r) => (
      <>
        <Anchor component={Link} to={`/bss/catalogue/products/${r.id}`} size="sm">
          {r.name}
        </Anchor>
        <Text size="xs" c="dimmed" className="mono">
          {r.sku}
        </Text>
      </>
    ),
  },
  { key: "term", header: "Term", render: (r) => r.term && <TermBadge term={r.term} /> },
];

function RefTable({ items, empty, label }: { items: ProductRef[]; empty: string; label: string }) {
  if (items.length === 0) {
    return (
      <Text c="dimmed" size="sm" py="md">
        {empty}
      </Text>
    );
  }
  return (
    <ScrollArea.Autosize mah={360} type="auto">
      <ItemsTable items={items} columns={COLUMNS} rowKey={(r) => r.id} label={label} />
    </ScrollArea.Autosize>
  );
}

const count = (n: number) => (
  <Badge size="xs" variant="light" color={n > 0 ? "indigo" : "gray"} circle={n < 10}>
    {n}
  </Badge>
);

/** Add-ons and the upgrade / downgrade closure of a product, one tab each. */
export function RelatedProducts({ product }: { product: ProductDetail }) {
  const first = product.upgrades.length > 0 || product.addons.length === 0 ? "upgrades" : "addons";
  return (
    <Tabs defaultValue={first}>
      <Tabs.List>
        <Tabs.Tab
          value="upgrades"
          leftSection={<IconArrowUpRight size={16} />}
          rightSection={count(product.upgrades.length)}
        >
          Upgrades to
        </Tabs.Tab>
        <Tabs.Tab
          value="downgrades"
          leftSection={<IconArrowDownRight size={16} />}
          rightSection={count(product.downgrades.length)}
        >
          Downgrades to
        </Tabs.Tab>
        <Tabs.Tab
          value="addons"
          leftSection={<IconPuzzle size={16} />}
          rightSection={count(product.addons.length)}
        >
          Add-ons
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="upgrades" pt="xs">
        <RefTable items={product.upgrades} label="Upgrades to" empty="No upgrade paths from this product." />
      </Tabs.Panel>
      <Tabs.Panel value="downgrades" pt="xs">
        <RefTable
          items={product.downgrades}
          label="Downgrades to"
          empty="No downgrade paths from this product."
        />
      </Tabs.Panel>
      <Tabs.Panel value="addons" pt="xs">
        <RefTable
          items={product.addons}
          label="Add-ons"
          empty="No add-ons can be attached to this product."
        />
      </Tabs.Panel>
    </Tabs>
  );
}
