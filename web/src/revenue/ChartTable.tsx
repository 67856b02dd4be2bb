import "@mantine/charts/styles.css";
import { Paper, SimpleGrid, Table, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * A chart with its figures (issue 16): the chart is a picture for sighted users (hidden from
 * assistive technology, not focusable), the table beside it (below it on narrow screens) carries
 * every figure with a caption and column headers.
 */
export function ChartTable({
  id,
  title,
  description,
  chart,
  caption,
  columns,
  rows,
  empty,
}: {
  id: string;
  title: string;
  description?: string;
  chart: ReactNode;
  caption: string;
  columns: string[];
  rows: Array<{ key: string; cells: ReactNode[] }>;
  empty?: string;
}) {
  return (
    <Paper p="md" component="section" aria-labelledby={`${id}-title`} data-testid={id}>
      <Title order={3} fz="h4" id={`${id}-title`}>
        {title}
      </Title>
      {description && (
        <Text size="sm" mb="sm">
          {description}
        </Text>
      )}
      {rows.length === 0 ? (
        <Text size="sm" mt="sm">
          {empty ?? "Nothing yet."}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg" mt="sm">
          <div aria-hidden="true" data-testid={`${id}-chart`} style={{ minWidth: 0 }}>
            {chart}
          </div>
          {/* At phone widths the figures scroll inside their card, never the page (issue 16 review);
              focusable so a keyboard can scroll it (WCAG 2.1.1). */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
          <section style={{ minWidth: 0, overflowX: "auto" }} tabIndex={0} aria-label={caption}>
            <Table striped fz="sm" verticalSpacing={4} data-testid={`${id}-table`}>
              {/* Mantine dims captions (3.3:1): the body colour keeps 4.5:1. */}
              <Table.Caption style={{ color: "var(--mantine-color-text)" }}>{caption}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  {columns.map((c, i) => (
                    <Table.Th key={c} scope="col" ta={i === 0 ? "left" : "right"}>
                      {c}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.key}>
                    {r.cells.map((cell, i) =>
                      i === 0 ? (
                        <Table.Th key={columns[i]} scope="row" fw={500}>
                          {cell}
                        </Table.Th>
                      ) : (
                        <Table.Td key={columns[i]} ta="right" style={{ whiteSpace: "nowrap" }}>
                          {cell}
                        </Table.Td>
                      ),
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </section>
        </SimpleGrid>
      )}
    </Paper>
  );
}
