import { Anchor, Badge, Divider, Group, Paper, Stack, Table, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
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
  const phone = useMediaQuery("(max-width: 36em)") ?? false;
  if (lines.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No billing lines.
      </Text>
    );
  }
  if (phone)
    return <StackedLines lines={lines} total={total} totalLabel={totalLabel} showDocument={showDocument} />;
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

/** Phones: one card per line, the amount beside its arithmetic, nothing to scroll sideways. */
function StackedLines({
  lines,
  total,
  totalLabel,
  showDocument,
}: {
  lines: Charge[];
  total?: Money | null | undefined;
  totalLabel: string;
  showDocument: boolean;
}) {
  return (
    <Stack gap="xs" data-testid="billing-lines">
      {lines.map((l) => (
        <Paper key={l.id || `${l.kind}-${l.from}-${l.explanation}`} p="xs">
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Text size="sm" fw={500}>
              {l.description}
            </Text>
            <Text size="sm" fw={600} style={{ whiteSpace: "nowrap" }} data-testid="line-amount">
              {formatMoney(l.amount)}
            </Text>
          </Group>
          <Text size="xs" className="mono" data-testid="line-explanation">
            {l.explanation}
          </Text>
          <Group gap={6} mt={4}>
            <Badge size="xs" variant="light" color={l.amount.minor.startsWith("-") ? "teal" : "indigo"}>
              {humanize(l.kind)}
            </Badge>
            {l.promotion && (
              <Badge size="xs" variant="light" color="green" data-testid="line-promotion">
                promotion: {l.promotion.name}
              </Badge>
            )}
            {showDocument &&
              (l.documentId ? (
                <Anchor component={Link} to={`/bss/billing/documents/${l.documentId}`} size="xs">
                  Open document
                </Anchor>
              ) : (
                <Text size="xs" c="dimmed">
                  due {formatDate(l.invoiceOn)}
                </Text>
              ))}
          </Group>
        </Paper>
      ))}
      {total && (
        <>
          <Divider />
          <Group justify="space-between">
            <Text size="sm" fw={600}>
              {totalLabel}
            </Text>
            <Text size="sm" fw={700} data-testid="lines-total">
              {formatMoney(total)}
            </Text>
          </Group>
        </>
      )}
    </Stack>
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
