import { Alert, Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconDownload, IconPrinter, IconReceiptRefund } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, errorMessage, formatDate, formatMoney } from "../../api.ts";
import { NotFoundPage } from "../../components/NotFoundPage.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { useApi } from "../../hooks.ts";
import { useCanWrite } from "../session.tsx";
import { BillingLines } from "./BillingLines.tsx";
import { type DocumentDetails, documentKindLabel, documentNumber } from "./billing.api.ts";
import { CreditNoteDialog } from "./CreditNoteDialog.tsx";
import { DeliveryStatus, DocumentAmount, DocumentParties, PrintedLines } from "./DocumentParts.tsx";
import { ConfirmDraftAction, DraftLines } from "./DraftCreditNote.tsx";
import { PaymentStatusBadge } from "./PaymentStatusBadge.tsx";

const CRUMBS = [{ label: "Invoices and credit notes", to: "/bss/billing/documents" }];

export function DocumentDetailPage() {
  const { id = "" } = useParams();
  const state = useApi<DocumentDetails>(`/api/bss/documents/${encodeURIComponent(id)}`);
  if (state.error?.isNotFound)
    return <NotFoundPage title="Document not found" home="/bss/billing/documents" />;
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading label="Loading document…" />;
  const d = state.data;
  const title = d.status === "draft" ? "Draft credit note" : `${documentKindLabel(d.kind)} ${d.number}`;
  return <DocumentView d={d} title={title} reload={state.reload} />;
}

function DocumentView({ d, title, reload }: { d: DocumentDetails; title: string; reload: () => void }) {
  const canWrite = useCanWrite();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [confirm, setConfirm] = useState<null | "issue" | "delete">(null);
  const [busyLine, setBusyLine] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const draft = d.status === "draft";
  const base = `/api/bss/credit-notes/${encodeURIComponent(d.id)}`;

  async function removeLine(lineId: string) {
    setBusyLine(lineId);
    setError(null);
    try {
      await api.delete(`${base}/lines/${encodeURIComponent(lineId)}`);
      reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusyLine(null);
    }
  }

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
            {draft && (
              <Badge variant="filled" color="yellow" data-testid="document-status">
                Draft
              </Badge>
            )}
            <Text span size="sm">
              {draft ? "not issued yet, for " : `issued ${formatDate(d.issueDate)} to `}
              <Anchor component={Link} to={`/bss/accounts/${d.account.id}`} size="sm">
                {d.account.name}
              </Anchor>
            </Text>
            {d.creditsDocument && (
              <Text span size="sm" data-testid="credits-invoice">
                · Credits invoice{" "}
                <Anchor component={Link} to={`/bss/billing/documents/${d.creditsDocument.id}`} size="sm">
                  {d.creditsDocument.number}
                </Anchor>
              </Text>
            )}
          </Group>
        }
        actions={
          <Group gap="sm">
            {d.number && (
              <Button
                component="a"
                href={`/api/bss/documents/${encodeURIComponent(d.id)}/pdf`}
                download={`${d.number}.pdf`}
                leftSection={<IconDownload size={16} />}
              >
                Download PDF
              </Button>
            )}
            {canWrite && d.kind === "invoice" && (
              <Button leftSection={<IconReceiptRefund size={16} />} onClick={() => setCreating(true)}>
                Create credit note
              </Button>
            )}
            {canWrite && draft && (
              <>
                <Button color="red" variant="light" onClick={() => setConfirm("delete")}>
                  Delete draft
                </Button>
                <Button onClick={() => setConfirm("issue")}>Issue</Button>
              </>
            )}
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
        {d.reason && (
          <Paper p="md">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Reason
            </Text>
            <Text data-testid="credit-reason">{d.reason}</Text>
          </Paper>
        )}
        {error && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {error}
          </Alert>
        )}
        <DocumentParties d={d} creditLink={(cid) => `/bss/billing/documents/${cid}`} />
        <DeliveryStatus d={d} />
        <Paper p="md">
          <SimpleGrid cols={{ base: 3 }} spacing="md">
            <DocumentAmount label="Net" value={d.net} />
            <DocumentAmount label="Tax" value={d.tax} />
            <DocumentAmount label="Total" value={d.gross} strong />
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
              <DocumentAmount label="Paid" value={d.paid} />
              <DocumentAmount label="Credited" value={d.credited} />
              <DocumentAmount label="Outstanding" value={d.outstanding} strong />
            </Group>
          )}
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
          {draft && canWrite ? (
            <DraftLines d={d} busyLine={busyLine} onRemove={removeLine} />
          ) : (
            <BillingLines lines={d.lines} total={d.net} totalLabel="Net total" />
          )}
          <Group gap="md" mt="sm">
            {[...new Set(d.lines.map((l) => l.subscriptionId))].map((sid) => (
              <Anchor key={sid} component={Link} to={`/bss/subscriptions/${sid}`} size="sm">
                Subscription {sid}
              </Anchor>
            ))}
          </Group>
        </Paper>
        {d.creditNotes.length > 0 && (
          <Paper p="md" data-testid="credit-notes">
            <Title order={3} fz="h4" mb="sm">
              Credit notes of this invoice
            </Title>
            <Stack gap={4}>
              {d.creditNotes.map((c) => (
                <Group key={c.id} gap="xs">
                  <Anchor component={Link} to={`/bss/billing/documents/${c.id}`} size="sm">
                    {documentNumber(c)}
                  </Anchor>
                  {c.status === "draft" && (
                    <Badge size="xs" color="yellow">
                      Draft
                    </Badge>
                  )}
                  <Text size="sm">{formatMoney(c.gross)}</Text>
                </Group>
              ))}
            </Stack>
          </Paper>
        )}
      </Stack>
      {d.kind === "invoice" && (
        <CreditNoteDialog
          invoice={d}
          opened={creating}
          onClose={() => setCreating(false)}
          onCreated={(cn) => {
            setCreating(false);
            notifications.show({ color: "teal", message: "Draft credit note created" });
            navigate(`/bss/billing/documents/${cn.id}`);
          }}
        />
      )}
      {draft && (
        <ConfirmDraftAction
          d={d}
          action={confirm}
          onClose={() => setConfirm(null)}
          onDone={(action, out) => {
            setConfirm(null);
            if (action === "delete") {
              notifications.show({ message: "Draft credit note deleted" });
              navigate(`/bss/billing/documents/${d.creditsDocument?.id ?? ""}`);
            } else {
              notifications.show({ color: "teal", message: `Credit note ${out?.number ?? ""} issued` });
              reload();
            }
          }}
        />
      )}
    </>
  );
}
