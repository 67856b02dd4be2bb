import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconPrinter } from "@tabler/icons-react";
import { Link, useParams } from "react-router";
import { formatDate, formatMoney, type Money } from "../../api.ts";
import { NotFoundPage } from "../../components/NotFoundPage.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { useApi } from "../../hooks.ts";
import { BillingLines } from "./BillingLines.tsx";
import { type DocumentDetails, documentKindLabel } from "./billing.api.ts";
import { PaymentStatusBadge } from "./PaymentStatusBadge.tsx";

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
        }
      />
      <Stack gap="lg">
        <Paper p="md">
          <SimpleGrid cols={{ base: 3 }} spacing="md">
            <Amount label="Net" value={d.net} />
            <Amount label="Tax" value={d.tax} />
            <Amount label="Total" value={d.gross} strong />
          </SimpleGrid>
          {d.kind === "invoice" && d.paid && d.credited && d.outstanding && (
            <Group gap="xl" mt="md" align="flex-end">
              <div>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  Due
                </Text>
                <Text>{d.dueDate ? formatDate(d.dueDate) : "—"}</Text>
              </div>
              <PaymentStatusBadge document={d} />
              <Amount label="Paid" value={d.paid} />
              <Amount label="Credited" value={d.credited} />
              <Amount label="Outstanding" value={d.outstanding} strong />
            </Group>
          )}
        </Paper>
        <Paper p="md">
          <Title order={3} fz="h4" mb="sm">
            Lines
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
