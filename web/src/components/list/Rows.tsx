import {
  Box,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  UnstyledButton,
  useMantineTheme,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconArrowsSort, IconSortAscending, IconSortDescending } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { EmptyState } from "../States.tsx";
import type { Column } from "./list.types.ts";
import type { ListState } from "./useList.ts";

/**
 * The rows of every list and table: a table whose headers sort (with a list's state), or a card
 * per item at phone widths; ItemsTable for items at hand. ListView adds filters, states and paging.
 */

/** A totals row under an ItemsTable: its cells by column key; `label` fills the first column. */
export interface FooterRow {
  key: string;
  label: string;
  cells: Record<string, ReactNode>;
  strong?: boolean;
}

/** Rows in groups under a heading row (consecutive items with the same key: sort by it first). */
export interface GroupBy<T> {
  key: (item: T) => string;
  label: (item: T) => ReactNode;
}

function groupItems<T>(items: T[], groupBy: GroupBy<T> | undefined) {
  if (!groupBy) return [{ key: "all", label: undefined as ReactNode, items }];
  const groups: Array<{ key: string; label: ReactNode; items: T[] }> = [];
  for (const item of items) {
    const key = groupBy.key(item);
    const last = groups.at(-1);
    if (last && last.key === key) last.items.push(item);
    else groups.push({ key: `${key}#${groups.length}`, label: groupBy.label(item), items: [item] });
  }
  return groups;
}

const sortField = <T,>(c: Column<T>) => c.sort ?? (c.sortValue ? c.key : undefined);

function SortHeader<T>({ column, list }: { column: Column<T>; list: ListState<T> }) {
  const field = sortField(column);
  if (!field) return <Table.Th ta={column.align}>{column.header}</Table.Th>;
  const active = list.sort.replace(/^-/, "") === field;
  const descending = active && list.sort.startsWith("-");
  const Icon = !active ? IconArrowsSort : descending ? IconSortDescending : IconSortAscending;
  return (
    <Table.Th ta={column.align} aria-sort={active ? (descending ? "descending" : "ascending") : "none"}>
      <UnstyledButton
        onClick={() => list.setSort(active && !descending ? `-${field}` : field)}
        fw={700}
        fz="sm"
        style={{ display: "inline-flex", alignItems: "center", gap: 4 }}
      >
        {column.header}
        <Icon size={14} aria-hidden />
      </UnstyledButton>
    </Table.Th>
  );
}

/** At phone widths the headers cannot be clicked: a select offers the same orders. */
function CardSort<T>({ columns, list }: { columns: Column<T>[]; list: ListState<T> }) {
  const options = columns.flatMap((c) => {
    const field = sortField(c);
    return field
      ? [
          { value: field, label: `${c.header} ↑` },
          { value: `-${field}`, label: `${c.header} ↓` },
        ]
      : [];
  });
  if (options.length === 0) return null;
  // A default order no column offers (e.g. newest first) is an option of its own.
  if (list.defaultSort && !options.some((o) => o.value === list.defaultSort))
    options.unshift({ value: list.defaultSort, label: "Default order" });
  return (
    <Select
      label="Sort by"
      data={options}
      value={list.sort || null}
      onChange={(v) => list.setSort(v ?? list.defaultSort)}
      mb="sm"
    />
  );
}

function Card<T>({ item, columns, testId }: { item: T; columns: Column<T>[]; testId?: string | undefined }) {
  const title = columns.find((c) => c.primary) ?? columns[0];
  const shown = columns.filter((c) => c !== title && !c.hideOnCard);
  return (
    <Paper withBorder p="sm" component="li" style={{ listStyle: "none" }} data-testid={testId}>
      {title && (
        <Text fw={600} mb={4} component="div">
          {title.render(item)}
        </Text>
      )}
      <Stack gap={2} component="dl" m={0}>
        {shown
          .filter((c) => c.header !== "")
          .map((c) => (
            <Group key={c.key} justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
              <Text component="dt" size="sm" c="dimmed">
                {c.header}
              </Text>
              <Text component="dd" size="sm" m={0} ta="right">
                {c.render(item)}
              </Text>
            </Group>
          ))}
      </Stack>
      {/* Columns without a header (row actions): their cells alone, under the values (a dd needs a dt). */}
      {shown
        .filter((c) => c.header === "")
        .map((c) => (
          <Box key={c.key} mt={4}>
            {c.render(item)}
          </Box>
        ))}
    </Paper>
  );
}

/** The rows as a table whose headers sort (with `list`), and as cards at phone widths. */
export function Rows<T>({
  items,
  columns,
  rowKey,
  list,
  label,
  busy = false,
  footer,
  rowTestId,
  groupBy,
}: {
  items: T[];
  columns: Column<T>[];
  rowKey: (item: T) => string;
  list?: ListState<T>;
  label: string;
  busy?: boolean;
  footer?: FooterRow[] | undefined;
  rowTestId?: string | undefined;
  groupBy?: GroupBy<T> | undefined;
}) {
  const groups = groupItems(items, groupBy);
  // One of the two is rendered (not both, hidden by CSS): no duplicate ids, test ids or rows.
  const theme = useMantineTheme();
  const wide = useMediaQuery(`(min-width: ${theme.breakpoints.sm})`, true, {
    getInitialValueInEffect: false,
  });
  if (wide)
    return (
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="sm" aria-busy={busy} aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) =>
                list ? (
                  <SortHeader key={c.key} column={c} list={list} />
                ) : (
                  <Table.Th key={c.key} ta={c.align}>
                    {c.header}
                  </Table.Th>
                ),
              )}
            </Table.Tr>
          </Table.Thead>
          {groups.map((g) => (
            <Table.Tbody key={g.key}>
              {g.label !== undefined && (
                <Table.Tr bg="var(--mantine-color-default-hover)">
                  <Table.Th scope="colgroup" colSpan={columns.length}>
                    {g.label}
                  </Table.Th>
                </Table.Tr>
              )}
              {g.items.map((item) => (
                <Table.Tr key={rowKey(item)} data-testid={rowTestId}>
                  {columns.map((c) => (
                    <Table.Td
                      key={c.key}
                      ta={c.align}
                      style={c.nowrap ? { whiteSpace: "nowrap" } : undefined}
                    >
                      {c.render(item)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          ))}
          {footer && footer.length > 0 && (
            <Table.Tfoot>
              {footer.map((row) => (
                <Table.Tr key={row.key}>
                  {columns.map((c, i) => (
                    <Table.Td key={c.key} ta={c.align} fw={row.strong ? 700 : undefined}>
                      {i === 0 && row.cells[c.key] === undefined ? row.label : row.cells[c.key]}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tfoot>
          )}
        </Table>
      </Table.ScrollContainer>
    );
  return (
    <>
      {list && <CardSort columns={columns} list={list} />}
      {groups.map((g) => (
        <Box key={g.key} mb={g.label !== undefined ? "sm" : undefined}>
          {g.label !== undefined && (
            <Text fw={700} size="sm" mb={6}>
              {g.label}
            </Text>
          )}
          <Stack gap="sm" component="ul" p={0} m={0} aria-label={label}>
            {g.items.map((item) => (
              <Card key={rowKey(item)} item={item} columns={columns} testId={rowTestId} />
            ))}
          </Stack>
        </Box>
      ))}
      {footer && footer.length > 0 && (
        <Stack gap={2} component="dl" mt="sm" m={0}>
          {footer.map((row) => (
            <Group key={row.key} justify="space-between" gap="xs" wrap="nowrap">
              <Text component="dt" size="sm" fw={row.strong ? 700 : 500}>
                {row.label}
              </Text>
              <Text component="dd" size="sm" m={0} fw={row.strong ? 700 : undefined}>
                {Object.values(row.cells)
                  .filter((v) => v !== undefined && v !== null && v !== "")
                  .at(-1)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </>
  );
}

/**
 * A table of items already at hand (an order's lines, a document's lines, a run's accounts):
 * the same rows and phone cards as ListView, without paging or URL state. `footer` holds
 * totals rows: cells by column key in the table; label and last cell on the phone card.
 */
export function ItemsTable<T>({
  items,
  columns,
  rowKey,
  label,
  empty,
  footer,
  rowTestId,
}: {
  items: T[];
  columns: Column<T>[];
  rowKey: (item: T) => string;
  label: string;
  empty?: string;
  footer?: FooterRow[];
  rowTestId?: string;
}) {
  if (items.length === 0 && empty) return <EmptyState title={empty} />;
  return (
    <Rows
      items={items}
      columns={columns}
      rowKey={rowKey}
      label={label}
      footer={footer}
      rowTestId={rowTestId}
    />
  );
}

/**
 * Every list of the app: filters (kept in the URL), a table whose headers sort, paging, the
 * loading / error / empty states, and cards instead of side-scrolling at phone widths.
 * `useList` holds the state; columns say what a row shows.
 */
