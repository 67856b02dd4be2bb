import { Anchor, Badge, Box, Group, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { formatDate, formatMoney, type Money } from "../../api.ts";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { humanize } from "../../components/Values.tsx";
import { type BillingDocument, type Charge, documentKindLabel } from "./billing.api.ts";

const LINE: Column<Charge> = {
  key: "line",
  header: "Line",
  primary: true,
  render: (l) => (
    <Stack gap={2}>
      <Text size="sm" fw={500}>
        {l.description}
      </Text>
      <Group gap={4}>
        <Badge size="xs" variant="light" color={l.amount.minor.startsWith("-") ? "teal" : "indigo"}>
          {humanize(l.kind)}
        </Badge>
        {l.installmentNo !== null && (
          <Badge size="xs" variant="outline">
            installment {l.installmentNo}
          </Badge>
        )}
        {l.promotion && (
          <Badge size="xs" variant="light" color="green" data-testid="line-promotion">
            promotion: {l.promotion.name}
          </Badge>
        )}
        <Text size="xs" c="dimmed">
          {formatDate(l.from)} – {formatDate(l.to)}
        </Text>
      </Group>
    </Stack>
  ),
};
const ARITHMETIC: Column<Charge> = {
  key: "arithmetic",
  header: "Arithmetic",
  render: (l) => (
    <Text size="sm" className="mono" data-testid="line-explanation" component="span">
      {l.explanation}
    </Text>
  ),
};
const DOCUMENT: Column<Charge> = {
  key: "document",
  header: "Document",
  render: (l) =>
    l.documentId ? (
      <Anchor component={Link} to={`/bss/billing/documents/${l.documentId}`} size="sm">
        Open
      </Anchor>
    ) : (
      <Text size="sm" c="dimmed" component="span">
        due {formatDate(l.invoiceOn)}
      </Text>
    ),
};
const AMOUNT: Column<Charge> = {
  key: "amount",
  header: "Amount",
  align: "right",
  nowrap: true,
  render: (l) => <span data-testid="line-amount">{formatMoney(l.amount)}</span>,
};

/**
 * Charges and credits with their arithmetic: each line's `explanation` is the server's own
 * account of how the amount was computed, shown next to the amount (never recomputed here).
 */
export function BillingLines({
  lines,
  total,
  totalLabel = "Total",
  showDocument = false,
}: {
  lines: Charge[];
  total?: Money | null;
  totalLabel?: string;
  showDocument?: boolean;
}) {
  if (lines.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No billing lines.
      </Text>
    );
  }
  const columns = showDocument ? [LINE, ARITHMETIC, DOCUMENT, AMOUNT] : [LINE, ARITHMETIC, AMOUNT];
  return (
    <Box data-testid="billing-lines">
      <ItemsTable
        items={lines}
        columns={columns}
        rowKey={(l) => l.id || `${l.kind}-${l.from}-${l.explanation}`}
        label="Billing lines"
        {...(total
          ? {
              footer: [
                {
                  key: "total",
                  label: totalLabel,
                  strong: true,
                  cells: { amount: <span data-testid="lines-total">{formatMoney(total)}</span> },
                },
              ],
            }
          : {})}
      />
    </Box>
  );
}

/** The documents a command issued (or would issue), each linking to its page once it exists. */
export function DocumentLinks({ documents, linked }: { documents: BillingDocument[]; linked: boolean }) {
  if (documents.length === 0) return null;
  return (
    <Group gap="xs">
      {documents.map((d) =>
        linked ? (
          <Anchor key={d.id} component={Link} to={`/bss/billing/documents/${d.id}`} size="sm">
            {documentKindLabel(d.kind)} {d.number} · {formatMoney(d.gross)}
          </Anchor>
        ) : (
          <Badge key={d.id || d.number} variant="light">
            {documentKindLabel(d.kind)} · {formatMoney(d.gross)}
          </Badge>
        ),
      )}
    </Group>
  );
}
