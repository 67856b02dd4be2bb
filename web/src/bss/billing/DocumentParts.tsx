import { Anchor, Badge, Box, Group, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import type { Money } from "../../api.ts";
import { formatBasisPoints, formatDate, formatDateTime, formatMoney } from "../../api.ts";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
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

type Line = DocumentDetails["lines"][number];

/** A document's lines as printed on its PDF (the back office and the Storefront show the same). */
export const PRINTED_COLUMNS: Column<Line>[] = [
  { key: "description", header: "Description", primary: true, render: (l) => l.description },
  {
    key: "period",
    header: "Period",
    nowrap: true,
    render: (l) => `${formatDate(l.from)} – ${formatDate(l.to)}`,
  },
  { key: "quantity", header: "Qty", align: "right", render: (l) => l.quantity },
  {
    key: "unitPrice",
    header: "Unit price",
    align: "right",
    nowrap: true,
    render: (l) => formatMoney(l.unitPrice),
  },
  { key: "discount", header: "Discount", align: "right", render: (l) => discountLabel(l) },
  { key: "net", header: "Net", align: "right", nowrap: true, render: (l) => formatMoney(l.amount) },
  {
    key: "taxRate",
    header: "Tax rate",
    align: "right",
    render: (l) => formatBasisPoints(l.taxRateBasisPoints),
  },
  { key: "tax", header: "Tax", align: "right", nowrap: true, render: (l) => formatMoney(l.tax) },
];

/** The lines as printed on the PDF: period, quantity, unit price, discount, net, tax rate, tax. */
export function PrintedLines({ d }: { d: DocumentDetails }) {
  return (
    <Box data-testid="printed-lines">
      <ItemsTable items={d.lines} columns={PRINTED_COLUMNS} rowKey={(l) => l.id} label="Printed lines" />
    </Box>
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

/** One of a document's totals (net, tax, total, paid, …), with its test id. */
export function DocumentAmount({ label, value, strong }: { label: string; value: Money; strong?: boolean }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={strong ? 700 : 500} fz={strong ? "lg" : "md"} data-testid={`document-${label.toLowerCase()}`}>
        {formatMoney(value)}
      </Text>
    </div>
  );
}
