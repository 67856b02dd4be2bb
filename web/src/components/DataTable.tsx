import { Box, LoadingOverlay, Table } from "@mantine/core";
import type { ReactNode } from "react";
import type { ListPage } from "../api.ts";
import type { ApiState } from "../hooks.ts";
import { EmptyState, ErrorState, Loading } from "./States.tsx";

/**
 * A table over a list endpoint with its loading, error and empty states. Keeps the rows
 * visible (dimmed) while the next page or filter loads. Scrolls sideways on narrow screens.
 */
export function DataTable<T>({
  state,
  head,
  row,
  empty,
  emptyHint,
  caption,
  minWidth = 640,
}: {
  state: ApiState<ListPage<T> | T[]>;
  head: ReactNode[];
  row: (item: T) => ReactNode;
  empty: string;
  emptyHint?: ReactNode;
  caption?: string;
  minWidth?: number;
}) {
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <Loading />;
  const items = Array.isArray(state.data) ? state.data : state.data.items;
  if (items.length === 0 && !state.loading) return <EmptyState title={empty}>{emptyHint}</EmptyState>;
  return (
    <Box pos="relative">
      <LoadingOverlay
        visible={state.loading}
        zIndex={5}
        overlayProps={{ blur: 1 }}
        loaderProps={{ size: "sm" }}
      />
      <Table.ScrollContainer minWidth={minWidth}>
        <Table verticalSpacing="sm" aria-busy={state.loading}>
          {caption && <Table.Caption>{caption}</Table.Caption>}
          <Table.Thead>
            <Table.Tr>
              {head.map((h, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: headers are static
                <Table.Th key={i}>{h}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{items.map(row)}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Box>
  );
}
