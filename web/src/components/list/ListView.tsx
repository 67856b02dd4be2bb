import { Box, Group, LoadingOverlay, Paper } from "@mantine/core";
import type { ReactNode } from "react";
import type { ListPage } from "../../api.ts";
import { Pager } from "../Pager.tsx";
import { EmptyState, ErrorState, Loading } from "../States.tsx";
import { ListFilters } from "./ListFilters.tsx";
import type { Column } from "./list.types.ts";
import { type GroupBy, Rows } from "./Rows.tsx";
import type { ListState } from "./useList.ts";

export { type FooterRow, type GroupBy, ItemsTable } from "./Rows.tsx";

type SortKey = string | number | bigint | null | undefined;

function compare(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1; // empty values last, either direction
  if (b === null || b === undefined) return -1;
  if (typeof a === "string" && typeof b === "string") return a.localeCompare(b, undefined, { numeric: true });
  return a < b ? -1 : 1;
}

/** A client-mode list: the search, the sort and the page applied here. */
function localPage<T>(
  list: ListState<T>,
  data: ListPage<T>,
  columns: Column<T>[],
  matches?: (item: T, values: Record<string, string>) => boolean,
): ListPage<T> {
  let items = matches ? data.items.filter((i) => matches(i, list.values)) : data.items;
  const field = list.sort.replace(/^-/, "");
  const column = columns.find((c) => (c.sort ?? c.key) === field && c.sortValue);
  if (column?.sortValue) {
    const value = column.sortValue;
    const sign = list.sort.startsWith("-") ? -1 : 1;
    items = [...items].sort((a, b) => sign * compare(value(a), value(b)));
  }
  const offset = list.offset < items.length ? list.offset : 0;
  return { items: items.slice(offset, offset + list.limit), total: items.length, limit: list.limit, offset };
}

export function ListView<T>({
  list,
  columns,
  rowKey,
  empty,
  emptyFiltered,
  emptyHint,
  noun = "items",
  caption,
  matches,
  toolbar,
  children,
  bare = false,
  rowTestId,
  groupBy,
  footnote,
}: {
  list: ListState<T>;
  columns: Column<T>[];
  rowKey: (item: T) => string;
  /** The empty state's title with no filter set ("No orders yet"). */
  empty: string;
  /** The empty state's title with filters set (default "No <noun> match these filters"). */
  emptyFiltered?: string;
  emptyHint?: ReactNode;
  noun?: string;
  /** The table's accessible name (default: the noun). */
  caption?: string;
  /** Client mode: whether an item passes the URL filters (q and the rest). */
  matches?: (item: T, values: Record<string, string>) => boolean;
  /** Shown right of the filters (an export button, a count). */
  toolbar?: ReactNode;
  /** Shown between the filters and the table (a note about an active filter). */
  children?: ReactNode;
  /** Without the surrounding Paper (a list inside a card or a tab). */
  bare?: boolean;
  /** `data-testid` of every row (table row or card). */
  rowTestId?: string;
  /** Rows under a heading per group (e.g. upgrade paths by source product). */
  groupBy?: GroupBy<T>;
  /** Shown under the pager (a note about the list). */
  footnote?: ReactNode;
}) {
  const { state } = list;
  let body: ReactNode;
  if (state.error) body = <ErrorState error={state.error} onRetry={state.reload} />;
  else if (state.data === undefined) body = <Loading />;
  else {
    const page = list.mode === "client" ? localPage(list, state.data, columns, matches) : state.data;
    if (page.items.length === 0 && !state.loading) {
      body = (
        <EmptyState title={list.filtered ? (emptyFiltered ?? `No ${noun} match these filters`) : empty}>
          {emptyHint}
        </EmptyState>
      );
    } else {
      body = (
        <>
          <Box pos="relative">
            <LoadingOverlay
              visible={state.loading}
              zIndex={5}
              overlayProps={{ blur: 1 }}
              loaderProps={{ size: "sm" }}
            />
            <Rows
              items={page.items}
              columns={columns}
              rowKey={rowKey}
              list={list}
              label={caption ?? noun}
              busy={state.loading}
              rowTestId={rowTestId}
              groupBy={groupBy}
            />
          </Box>
          <Pager
            total={page.total}
            limit={page.limit || list.limit}
            offset={page.offset}
            onChange={list.setOffset}
            noun={noun}
          />
        </>
      );
    }
  }
  const content = (
    <>
      {(list.filters.length > 0 || toolbar) && (
        <Group justify="space-between" align="flex-end" gap="sm">
          <Box style={{ flex: "1 1 auto" }}>
            <ListFilters list={list} />
          </Box>
          {toolbar && <Group mb="md">{toolbar}</Group>}
        </Group>
      )}
      {children}
      {body}
      {footnote}
    </>
  );
  return bare ? content : <Paper p="md">{content}</Paper>;
}
