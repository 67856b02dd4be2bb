import { Group, Pagination, Text } from "@mantine/core";

/** Paging for `{ items, total, limit, offset }` lists. */
export function Pager({
  total,
  limit,
  offset,
  onChange,
  noun = "items",
}: {
  total: number;
  limit: number;
  offset: number;
  onChange: (offset: number) => void;
  noun?: string;
}) {
  if (total === 0) return null; // the list's empty state says it
  const pages = Math.max(1, Math.ceil(total / Math.max(limit, 1)));
  const page = Math.min(pages, Math.floor(offset / Math.max(limit, 1)) + 1);
  const first = offset + 1;
  const last = Math.min(total, offset + limit);
  return (
    <Group justify="space-between" mt="md" gap="sm">
      <Text size="sm" c="dimmed" aria-live="polite">
        {`${first}–${last} of ${total} ${noun}`}
      </Text>
      {pages > 1 && (
        <Pagination
          size="sm"
          total={pages}
          value={page}
          onChange={(p) => onChange((p - 1) * limit)}
          getControlProps={(control) => ({ "aria-label": `${control} page` })}
          getItemProps={(p) => ({ "aria-label": `Page ${p}` })}
        />
      )}
    </Group>
  );
}
