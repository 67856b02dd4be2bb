import { Badge, Code, Table, Text } from "@mantine/core";
import { isValidElement, type ReactNode } from "react";
import { formatMoney, humanize, isMoney, type LabelKind, labelOf } from "../api.ts";

export { humanize } from "../api.ts";

/** Shows any JSON value readably: money, booleans, lists, nested objects. */
export function ValueView({ value }: { value: unknown }): ReactNode {
  if (value === null || value === undefined || value === "") return <Text c="dimmed">—</Text>;
  if (isValidElement(value)) return value;
  if (isMoney(value)) return formatMoney(value);
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number")) {
    return value.join(", ");
  }
  if (typeof value === "object" && !Array.isArray(value)) {
    return <KeyValueTable data={value as Record<string, unknown>} nested />;
  }
  return (
    <Code block fz="xs">
      {JSON.stringify(value, null, 2)}
    </Code>
  );
}

/** A two-column table of an object's fields; `labels` names the known ones. */
export function KeyValueTable({
  data,
  labels = {},
  nested = false,
}: {
  data: Record<string, unknown>;
  labels?: Record<string, string>;
  nested?: boolean;
}) {
  const entries = Object.entries(data);
  if (entries.length === 0) return <Text c="dimmed">None</Text>;
  return (
    <Table
      withRowBorders={!nested}
      verticalSpacing={nested ? 2 : "xs"}
      fz="sm"
      layout="fixed"
      variant="vertical"
    >
      <Table.Tbody>
        {entries.map(([key, value]) => (
          <Table.Tr key={key}>
            <Table.Th w={nested ? "40%" : "35%"} fw={500} c="dimmed" bg="transparent">
              {labels[key] ?? humanize(key)}
            </Table.Th>
            <Table.Td style={{ overflowWrap: "anywhere" }}>
              <ValueView value={value} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const STATUS_COLORS: Record<string, string> = {
  active: "green",
  succeeded: "green",
  completed: "green",
  executed: "green",
  synchronized: "green",
  sent: "green",
  pending: "yellow",
  pending_reseller_approval: "yellow",
  pending_for_cancel: "orange",
  submitted: "blue",
  in_progress: "blue",
  canceled: "gray",
  unsynchronized: "gray",
  running: "blue",
  queued: "gray",
  failed: "red",
  retired: "gray",
  suspended: "orange",
  inactive: "gray",
};

/**
 * A status as a coloured badge with its label (src/shared/labels.ts); `kind` picks the map
 * where one value means different things (a sync "pending" is "Sync pending").
 */
export function StatusBadge({
  status,
  kind = "status",
}: {
  status: string | null | undefined;
  kind?: LabelKind | "status";
}) {
  if (!status) return <Text c="dimmed">—</Text>;
  return (
    <Badge variant="light" color={STATUS_COLORS[status] ?? "gray"}>
      {labelOf(kind, status)}
    </Badge>
  );
}

/** An enum value as its label, as plain text (channels, templates, kinds). */
export function EnumLabel({ kind, value }: { kind: LabelKind; value: string | null | undefined }) {
  if (!value)
    return (
      <Text span c="dimmed">
        —
      </Text>
    );
  return <>{labelOf(kind, value)}</>;
}

export const TERM_LABELS: Record<string, string> = {
  MCMB: "Monthly commitment, billed monthly",
  AC1M: "Annual commitment, billed monthly",
  AC1Y: "Annual commitment, billed yearly",
};

export function TermBadge({ term }: { term: string }) {
  return (
    <Badge variant="outline" color="indigo" title={TERM_LABELS[term] ?? term}>
      {term}
    </Badge>
  );
}
