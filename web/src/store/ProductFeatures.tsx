import { Button, List, Modal, MultiSelect, Table, Text, ThemeIcon } from "@mantine/core";
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
  const candidates = products.filter((p) => p.kind !== "addon" && p.features.length > 0);
  const [chosen, setChosen] = useState<string[] | null>(null);
  if (candidates.length < 2) return null;
  const selected = chosen ?? defaultChoice(candidates);
  const plans = candidates.filter((p) => selected.includes(p.id));
  const rows = Math.max(0, ...plans.map((p) => p.features.length));
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
        <MultiSelect
          label="Plans to compare"
          description={`Up to ${MAX_COMPARED}`}
          data={candidates.map((p) => ({ value: p.id, label: p.name }))}
          value={selected}
          onChange={setChosen}
          maxValues={MAX_COMPARED}
          mb="md"
        />
        <Table.ScrollContainer minWidth={180 * Math.max(plans.length, 1)}>
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

const MAX_COMPARED = 4;

/**
 * What the comparison starts with: paid plans of the group's most common term, one per distinct
 * feature list (the same plan in another term adds nothing), at most four.
 */
function defaultChoice(products: StoreProduct[]): string[] {
  const paid = products.filter((p) => !p.isTrial);
  const pool = paid.length >= 2 ? paid : products;
  const terms = new Map<string | null, number>();
  for (const p of pool) terms.set(p.term, (terms.get(p.term) ?? 0) + 1);
  const term = [...terms.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of [...pool.filter((x) => x.term === term), ...pool.filter((x) => x.term !== term)]) {
    const key = p.features.join("\n");
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p.id);
    if (out.length === MAX_COMPARED) break;
  }
  return out;
}
