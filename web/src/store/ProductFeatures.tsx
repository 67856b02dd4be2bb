import { Button, List, Modal, Table, Text, ThemeIcon } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconCheck, IconColumns } from "@tabler/icons-react";
import { useState } from "react";
import { formatMoney } from "../api.ts";
import { type StoreProduct, TERM_SHORT } from "./store.api.ts";

/**
 * Issue 16: what a product offers (the catalogue's `features`, from the services definition or
 * edited in the back office), on its card and side by side in the plan comparison.
 */
export function FeatureList({ features, max }: { features: string[]; max?: number }) {
  if (features.length === 0) return null;
  const shown = max === undefined ? features : features.slice(0, max);
  return (
    <>
      <List
        size="sm"
        spacing={4}
        icon={
          <ThemeIcon size={18} radius="xl" variant="light" color="teal" aria-hidden>
            <IconCheck size={12} />
          </ThemeIcon>
        }
        data-testid="product-features"
      >
        {shown.map((f) => (
          <List.Item key={f}>{f}</List.Item>
        ))}
      </List>
      {shown.length < features.length && (
        <Text size="xs" c="dimmed">
          {`and ${features.length - shown.length} more`}
        </Text>
      )}
    </>
  );
}

/**
 * The plans of a group side by side: the n-th feature of every plan on one row (the services
 * definition lists them under the same headings: licences, storage, recovery, transfers, admin,
 * extras), the rows where plans differ in bold — what tells Standard, Business and Advanced apart.
 */
export function ComparePlans({ title, products }: { title: string; products: StoreProduct[] }) {
  const [opened, setOpened] = useState(false);
  const phone = useMediaQuery("(max-width: 36em)") ?? false;
  const plans = products.filter((p) => p.kind !== "addon" && p.features.length > 0);
  if (plans.length < 2) return null;
  const rows = Math.max(...plans.map((p) => p.features.length));
  return (
    <>
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<IconColumns size={16} aria-hidden />}
        onClick={() => setOpened(true)}
      >
        Compare plans
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={`Compare plans: ${title}`}
        size="90rem"
        fullScreen={phone}
      >
        <Table.ScrollContainer minWidth={180 * plans.length}>
          <Table verticalSpacing="xs" fz="sm" withColumnBorders data-testid="compare-plans">
            <Table.Thead>
              <Table.Tr>
                {plans.map((p) => (
                  <Table.Th key={p.id} scope="col" style={{ verticalAlign: "top" }}>
                    <Text fw={700} size="sm">
                      {p.name}
                    </Text>
                    {p.price && (
                      <Text size="sm" fw={500}>
                        {`${formatMoney(p.price)} ${p.term ? (TERM_SHORT[p.term] ?? "") : ""}`}
                      </Text>
                    )}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {Array.from({ length: rows }, (_, i) => {
                const cells = plans.map((p) => p.features[i] ?? "—");
                const differs = new Set(cells).size > 1;
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the row is the position itself
                  <Table.Tr key={i} data-differs={differs || undefined}>
                    {plans.map((p, j) => (
                      <Table.Td key={p.id} fw={differs ? 600 : undefined}>
                        {cells[j]}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text size="xs" c="dimmed" mt="sm">
          Rows in bold are where the plans differ.
        </Text>
      </Modal>
    </>
  );
}
