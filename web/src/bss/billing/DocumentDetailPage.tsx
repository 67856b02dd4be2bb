import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconDownload, IconPrinter } from "@tabler/icons-react";
import { Link, useParams } from "react-router";
import { formatDate, formatMoney, type Money } from "../../api.ts";
import { NotFoundPage } from "../../components/NotFoundPage.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { useApi } from "../../hooks.ts";
import { BillingLines } from "./BillingLines.tsx";
import { type DocumentDetails, documentKindLabel } from "./billing.api.ts";
import { DeliveryStatus, DocumentParties, PrintedLines } from "./DocumentParts.tsx";

const CRUMBS = [{ label: "Invoices and credit notes", to: "/bss/billing/documents" }];

function Amount({ label, value, strong }: { label: string; value: Money; strong?: boolean }) {
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

export function DocumentDetailPage() {
  const { id = "" } = useParams();
  const state = useApi<DocumentDetails>(`/api/bss/documents/${encodeURIComponent(id)}`);
  if (state.error?.isNotFound)
    return <NotFoundPage title="Document not found" home="/bss/billing/documents" />;
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading label="Loading document…" />;
  const d = state.data;
  const title = `${documentKindLabel(d.kind)} ${d.number}`;
  return (
    <>
      <PageHeader
        title={title}
        crumbs={CRUMBS}
        description={
          <Group gap={6} component="span">
            <Badge variant="light" color={d.kind === "invoice" ? "indigo" : "teal"}>
              {documentKindLabel(d.kind)}
            </Badge>
            <Text span size="sm">
              issued {formatDate(d.issueDate)} to{" "}
              <Anchor component={Link} to={`/bss/accounts/${d.account.id}`} size="sm">
                {d.account.name}
              </Anchor>
            </Text>
          </Group>
        }
        actions={
          <Group gap="xs">
            <Button
              component="a"
              href={`/api/bss/documents/${encodeURIComponent(d.id)}/pdf`}
              download={`${d.number}.pdf`}
              leftSection={<IconDownload size={16} />}
            >
              Download PDF
            </Button>
            <Button
              component="a"
              href={`/api/bss/documents/${encodeURIComponent(d.id)}/html`}
              target="_blank"
              rel="noopener"
              variant="default"
              leftSection={<IconPrinter size={16} />}
            >
              Printable version
            </Button>
          </Group>
        }
      />
      <Stack gap="lg">
        <DocumentParties d={d} creditLink={(cid) => `/bss/billing/documents/${cid}`} />
        <DeliveryStatus d={d} />
        <Paper p="md">
          <SimpleGrid cols={{ base: 3 }} spacing="md">
            <Amount label="Net" value={d.net} />
            <Amount label="Tax" value={d.tax} />
            <Amount label="Total" value={d.gross} strong />
          </SimpleGrid>
        </Paper>
        <Paper p="md">
          <Title order={3} fz="h4" mb="sm">
            As printed
          </Title>
          <PrintedLines d={d} />
        </Paper>
        <Paper p="md">
          <Title order={3} fz="h4" mb="sm">
            Lines and their arithmetic
          </Title>
          <BillingLines lines={d.lines} total={d.net} totalLabel="Net total" />
          <Group gap="md" mt="sm">
            {[...new Set(d.lines.map((l) => l.subscriptionId))].map((sid) => (
              <Anchor key={sid} component={Link} to={`/bss/subscriptions/${sid}`} size="sm">
                Subscription {sid}
              </Anchor>
            ))}
          </Group>
        </Paper>
      </Stack>
    </>
  );
}
