import { Alert, Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconDownload, IconPrinter } from "@tabler/icons-react";
import { Link, useParams } from "react-router";
import { formatDate, formatMoney } from "../../api.ts";
import type { DocumentDetails } from "../../bss/billing/billing.api.ts";
import { DocumentAmount, DocumentParties, PRINTED_COLUMNS } from "../../bss/billing/DocumentParts.tsx";
import { PaymentStatusBadge } from "../../bss/billing/PaymentStatusBadge.tsx";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { NotFoundPage } from "../../components/NotFoundPage.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { useApi } from "../../hooks.ts";
import { useStore } from "../StoreLayout.tsx";

/** The Storefront's document: the back office's fields without its bookkeeping (issue 16). */
export type StoreDocumentDetails = Omit<DocumentDetails, "createdBy" | "source" | "runId">;
type Line = StoreDocumentDetails["lines"][number];

export const documentKindLabel = (kind: string) => (kind === "invoice" ? "Invoice" : "Credit note");
export const pdfHref = (id: string) => `/api/storefront/documents/${encodeURIComponent(id)}/pdf`;

/**
 * An invoice or credit note as its buyer sees it in the Storefront (R-DOC-02/03): who billed whom,
 * the dates (issue, due), each line with its arithmetic, the totals, what is paid and outstanding,
 * the invoice a credit note credits (or the credit notes of an invoice), and the PDF.
 */
export function DocumentDetailPage() {
  const { alias } = useStore();
  const { id = "" } = useParams();
  const state = useApi<StoreDocumentDetails>(`/api/storefront/documents/${encodeURIComponent(id)}`);
  const list = `/store/${alias}/billing/documents`;
  if (state.error?.isNotFound) return <NotFoundPage title="Document not found" home={list} />;
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading label="Loading the document…" />;
  const d = state.data;
  const link = (docId: string) => `${list}/${encodeURIComponent(docId)}`;
  return (
    <>
      <PageHeader
        title={`${documentKindLabel(d.kind)} ${d.number ?? ""}`}
        crumbs={[
          { label: "Billing", to: `/store/${alias}/billing` },
          { label: "Invoices and credit notes", to: list },
        ]}
        actions={
          <Group gap="xs">
            <Button
              component="a"
              href={`/api/storefront/documents/${encodeURIComponent(d.id)}/html`}
              target="_blank"
              rel="noopener"
              variant="default"
              leftSection={<IconPrinter size={16} aria-hidden />}
            >
              Printable view
            </Button>
            <Button
              component="a"
              href={pdfHref(d.id)}
              download={`${d.number}.pdf`}
              leftSection={<IconDownload size={16} aria-hidden />}
              aria-label={`Download ${d.number} as PDF`}
            >
              Download PDF
            </Button>
          </Group>
        }
      />
      <Stack gap="lg">
        <Group gap="sm">
          <Badge variant="light" color={d.kind === "invoice" ? "indigo" : "teal"}>
            {documentKindLabel(d.kind)}
          </Badge>
          {d.kind === "invoice" && <PaymentStatusBadge document={d} />}
          {d.dueDate && (
            <Text size="sm" data-testid="document-due">
              Due {formatDate(d.dueDate)}
            </Text>
          )}
        </Group>
        {d.reason && (
          <Alert variant="light" color="blue" title="Reason">
            {d.reason}
          </Alert>
        )}
        <Paper withBorder>
          <DocumentParties d={d} creditLink={link} />
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="document-lines">
          <Title order={2} fz="h4" mb="sm" id="document-lines">
            Lines
          </Title>
          <ItemsTable
            items={d.lines}
            columns={LINE_COLUMNS}
            rowKey={(l) => l.id}
            rowTestId="document-line"
            label="Lines"
          />
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="document-totals">
          <Title order={2} fz="h4" mb="sm" id="document-totals">
            Totals
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 3 }}>
            <DocumentAmount label="Net" value={d.net} />
            <DocumentAmount label="Tax" value={d.tax} />
            <DocumentAmount label="Total" value={d.gross} strong />
            {d.paid && <DocumentAmount label="Paid" value={d.paid} />}
            {d.credited && <DocumentAmount label="Credited" value={d.credited} />}
            {d.outstanding && <DocumentAmount label="Outstanding" value={d.outstanding} strong />}
          </SimpleGrid>
        </Paper>

        {(d.creditsDocument || d.creditNotes.length > 0) && (
          <Paper withBorder p="md" component="section" aria-labelledby="document-related">
            <Title order={2} fz="h4" mb="sm" id="document-related">
              Related documents
            </Title>
            <Stack gap={4}>
              {d.creditsDocument && (
                <Text size="sm">
                  Credits invoice{" "}
                  <Anchor component={Link} to={link(d.creditsDocument.id)}>
                    {d.creditsDocument.number}
                  </Anchor>
                </Text>
              )}
              {d.creditNotes.map((c) => (
                <Text size="sm" key={c.id}>
                  Credit note{" "}
                  <Anchor component={Link} to={link(c.id)}>
                    {c.number}
                  </Anchor>{" "}
                  ({formatMoney(c.gross)})
                </Text>
              ))}
            </Stack>
          </Paper>
        )}
      </Stack>
    </>
  );
}

/** The lines as printed (the PDF's columns), each with its arithmetic under its description. */
const LINE_COLUMNS: Column<Line>[] = [
  {
    key: "description",
    header: "Description",
    primary: true,
    render: (l) => (
      <>
        <Text size="sm">{l.description}</Text>
        <Text size="xs" c="dimmed" data-testid="line-arithmetic">
          {l.explanation}
        </Text>
      </>
    ),
  },
  ...PRINTED_COLUMNS.filter((c) => c.key !== "description"),
];
