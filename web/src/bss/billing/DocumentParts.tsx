import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import { formatBasisPoints, formatDate, formatDateTime, formatMoney } from "../../api.ts";
import { addressLines, type DocumentDetails, type DocumentParty, discountLabel } from "./billing.api.ts";

/**
 * R-DOC-02: what a document prints, shared by the back office's and the Storefront's document pages — seller and buyer
 * with address and VAT ID, the meta (number, dates, credited invoices) and the printed lines.
 */
function Party({ label, party, testId }: { label: string; party: DocumentParty; testId: string }) {
  return (
    <Stack gap={0} data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={600}>{party.name}</Text>
      {addressLines(party.address).map((l) => (
        <Text key={l} size="sm">
          {l}
        </Text>
      ))}
      <Text size="sm" c={party.vatId ? undefined : "dimmed"}>
        {party.vatId ? `VAT ID ${party.vatId}` : "No VAT ID"}
      </Text>
    </Stack>
  );
}

export function DocumentParties({
  d,
  creditLink,
}: {
  d: Pick<DocumentDetails, "number" | "issueDate" | "dueDate" | "net" | "credits" | "seller" | "account">;
  creditLink?: (id: string) => string;
}) {
  const meta: Array<[string, React.ReactNode]> = [
    ["Number", d.number],
    ["Issue date", formatDate(d.issueDate)],
  ];
  if (d.dueDate) meta.push(["Due date", formatDate(d.dueDate)]);
  meta.push(["Currency", d.net.currency]);
  if (d.credits.length)
    meta.push([
      d.credits.length === 1 ? "Credits invoice" : "Credits invoices",
      <Group gap={6} key="credits">
        {d.credits.map((c) =>
          creditLink ? (
            <Anchor key={c.id} component={Link} to={creditLink(c.id)} size="sm">
              {c.number}
            </Anchor>
          ) : (
            <Text key={c.id} size="sm">
              {c.number}
            </Text>
          ),
        )}
      </Group>,
    ]);
  return (
    <Paper p="md">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg">
        <Party label="From" party={d.seller} testId="document-seller" />
        <Party label="Billed to" party={d.account} testId="document-buyer" />
        <Stack gap={2} data-testid="document-meta">
          {meta.map(([k, v]) => (
            <Group key={k} gap={8} wrap="nowrap">
              <Text size="sm" c="dimmed" w={110}>
                {k}
              </Text>
              {typeof v === "string" ? <Text size="sm">{v}</Text> : v}
            </Group>
          ))}
        </Stack>
      </SimpleGrid>
    </Paper>
  );
}

/** The lines as printed on the PDF: period, quantity, unit price, discount, net, tax rate, tax. */
export function PrintedLines({ d }: { d: DocumentDetails }) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="xs" fz="sm" data-testid="printed-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Description</Table.Th>
            <Table.Th>Period</Table.Th>
            <Table.Th ta="right">Qty</Table.Th>
            <Table.Th ta="right">Unit price</Table.Th>
            <Table.Th ta="right">Discount</Table.Th>
            <Table.Th ta="right">Net</Table.Th>
            <Table.Th ta="right">Tax rate</Table.Th>
            <Table.Th ta="right">Tax</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {d.lines.map((l) => (
            <Table.Tr key={l.id}>
              <Table.Td>{l.description}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                {formatDate(l.from)} – {formatDate(l.to)}
              </Table.Td>
              <Table.Td ta="right">{l.quantity}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                {formatMoney(l.unitPrice)}
              </Table.Td>
              <Table.Td ta="right">{discountLabel(l)}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                {formatMoney(l.amount)}
              </Table.Td>
              <Table.Td ta="right">{formatBasisPoints(l.taxRateBasisPoints)}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                {formatMoney(l.tax)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** R-DOC-03: where the document was emailed, or why it was not. */
export function DeliveryStatus({ d }: { d: DocumentDetails }) {
  const x = d.delivery;
  if (!x)
    return (
      <Text size="sm" c="dimmed" data-testid="document-delivery">
        Email delivery pending.
      </Text>
    );
  if (x.status === "not_delivered")
    return (
      <Group gap={6} data-testid="document-delivery">
        <Badge color="orange" variant="light">
          Not delivered
        </Badge>
        <Text size="sm">{x.reason}</Text>
      </Group>
    );
  return (
    <Group gap={6} data-testid="document-delivery">
      <Badge color="green" variant="light">
        Emailed
      </Badge>
      <Text size="sm">
        to {x.to} ({formatDateTime(x.at)})
      </Text>
      {x.messageId && (
        <Anchor component={Link} to={`/bss/mailbox?message=${encodeURIComponent(x.messageId)}`} size="sm">
          View email
        </Anchor>
      )}
    </Group>
  );
}
