import { Anchor, Badge, ScrollArea, Table, Tabs, Text } from "@mantine/core";
import { IconArrowDownRight, IconArrowUpRight, IconPuzzle } from "@tabler/icons-react";
import { Link } from "react-router";
import { TermBadge } from "../../components/Values.tsx";
import type { ProductDetail, ProductRef } from "./catalog.api.ts";

function RefTable({ items, empty }: { items: ProductRef[]; empty: string }) {
  if (items.length === 0) {
    return (
      <Text c="dimmed" size="sm" py="md">
        {empty}
      </Text>
    );
  }
  return (
    <ScrollArea.Autosize mah={360} type="auto">
      <Table fz="sm" verticalSpacing={6}>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Anchor component={Link} to={`/bss/catalogue/products/${r.id}`} size="sm">
                  {r.name}
                </Anchor>
                <Text size="xs" c="dimmed" className="mono">
                  {r.sku}
                </Text>
              </Table.Td>
              <Table.Td w={80}>{r.term && <TermBadge term={r.term} />}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
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
        <RefTable items={product.upgrades} empty="No upgrade paths from this product." />
      </Tabs.Panel>
      <Tabs.Panel value="downgrades" pt="xs">
        <RefTable items={product.downgrades} empty="No downgrade paths from this product." />
      </Tabs.Panel>
      <Tabs.Panel value="addons" pt="xs">
        <RefTable items={product.addons} empty="No add-ons can be attached to this product." />
      </Tabs.Panel>
    </Tabs>
  );
}
