import { Anchor, Badge, Group, Stack, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import { formatDate, formatMoney, type Money } from "../../api.ts";
import { humanize } from "../../components/Values.tsx";
import { type BillingDocument, type Charge, documentKindLabel } from "./billing.api.ts";

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
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" fz="sm" data-testid="billing-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Line</Table.Th>
            <Table.Th>Arithmetic</Table.Th>
            {showDocument && <Table.Th>Document</Table.Th>}
            <Table.Th ta="right">Amount</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l) => (
            <Table.Tr key={l.id || `${l.kind}-${l.from}-${l.explanation}`}>
              <Table.Td>
                <Stack gap={2}>
                  <Text size="sm" fw={500}>
                    {l.description}
                  </Text>
                  <Group gap={4}>
                    <Badge
                      size="xs"
                      variant="light"
                      color={l.amount.minor.startsWith("-") ? "teal" : "indigo"}
                    >
                      {humanize(l.kind)}
                    </Badge>
                    {l.installmentNo !== null && (
                      <Badge size="xs" variant="outline">
                        installment {l.installmentNo}
                      </Badge>
                    )}
                    <Text size="xs" c="dimmed">
                      {formatDate(l.from)} – {formatDate(l.to)}
                    </Text>
                  </Group>
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text size="sm" className="mono" data-testid="line-explanation">
                  {l.explanation}
                </Text>
              </Table.Td>
              {showDocument && (
                <Table.Td>
                  {l.documentId ? (
                    <Anchor component={Link} to={`/bss/billing/documents/${l.documentId}`} size="sm">
                      Open
                    </Anchor>
                  ) : (
                    <Text size="sm" c="dimmed">
                      due {formatDate(l.invoiceOn)}
                    </Text>
                  )}
                </Table.Td>
              )}
              <Table.Td ta="right" style={{ whiteSpace: "nowrap" }} data-testid="line-amount">
                {formatMoney(l.amount)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        {total && (
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th colSpan={showDocument ? 3 : 2}>{totalLabel}</Table.Th>
              <Table.Th ta="right" style={{ whiteSpace: "nowrap" }} data-testid="lines-total">
                {formatMoney(total)}
              </Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
    </Table.ScrollContainer>
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
