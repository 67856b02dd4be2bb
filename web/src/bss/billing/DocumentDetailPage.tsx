import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconDownload, IconPrinter, IconReceiptRefund } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, errorMessage, formatDate, formatMoney, type Money } from "../../api.ts";
import { NotFoundPage } from "../../components/NotFoundPage.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { useApi } from "../../hooks.ts";
import { useCanWrite } from "../session.tsx";
import { BillingLines } from "./BillingLines.tsx";
import {
  type CreditNoteOutcome,
  type DocumentDetails,
  documentKindLabel,
  documentNumber,
} from "./billing.api.ts";
import { CreditNoteDialog } from "./CreditNoteDialog.tsx";
import { DeliveryStatus, DocumentParties, PrintedLines } from "./DocumentParts.tsx";
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

/** A draft's lines, each with "Remove line" (disabled on the last: R-DOC-01 keeps one). */
function DraftLines({
  d,
  busyLine,
  onRemove,
}: {
  d: DocumentDetails;
  busyLine: string | null;
  onRemove: (lineId: string) => void;
}) {
  const last = d.lines.length <= 1;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" fz="sm" data-testid="draft-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Line</Table.Th>
            <Table.Th>Arithmetic</Table.Th>
            <Table.Th ta="right">Amount</Table.Th>
            <Table.Th ta="right">Tax</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {d.lines.map((l) => (
            <Table.Tr key={l.id}>
              <Table.Td>{l.description}</Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {l.explanation}
                </Text>
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                {formatMoney(l.amount)}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                {formatMoney(l.tax)}
              </Table.Td>
              <Table.Td ta="right">
                <Tooltip
                  label="A credit note keeps at least one line; delete the draft instead"
                  disabled={!last}
                >
                  <span>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      disabled={last}
                      loading={busyLine === l.id}
                      onClick={() => onRemove(l.id)}
                    >
                      Remove line
                    </Button>
                  </span>
                </Tooltip>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Confirms issuing (with the server's preview: the number it takes) or deleting a draft. */
function ConfirmDraftAction({
  d,
  action,
  onClose,
  onDone,
}: {
  d: DocumentDetails;
  action: null | "issue" | "delete";
  onClose: () => void;
  onDone: (action: "issue" | "delete", out: CreditNoteOutcome | null) => void;
}) {
  const base = `/api/bss/credit-notes/${encodeURIComponent(d.id)}`;
  const [preview, setPreview] = useState<{ data?: CreditNoteOutcome; error?: string }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The server's preview of the issue (?dryRun=true): the number and date it would take.
  useEffect(() => {
    setPreview({});
    setError(null);
    if (action !== "issue") return;
    let live = true;
    api
      .post<CreditNoteOutcome>(`${base}/issue?dryRun=true`)
      .then((data) => live && setPreview({ data }))
      .catch((e) => live && setPreview({ error: errorMessage(e) }));
    return () => {
      live = false;
    };
  }, [action, base]);
  async function go() {
    if (!action) return;
    setBusy(true);
    setError(null);
    try {
      if (action === "delete") {
        await api.delete(base);
        onDone("delete", null);
      } else onDone("issue", await api.post<CreditNoteOutcome>(`${base}/issue`));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      opened={action !== null}
      onClose={onClose}
      title={action === "delete" ? "Delete this draft?" : "Issue this credit note?"}
    >
      <Stack gap="md">
        {action === "delete" ? (
          <Text size="sm">
            The draft and its lines are discarded. Nothing was credited and no number was taken.
          </Text>
        ) : (
          <Text size="sm" data-testid="issue-preview">
            {preview.data
              ? `It becomes ${preview.data.number} dated ${formatDate(preview.data.issueDate)}, credits ${formatMoney(preview.data.gross)} and can no longer be changed.`
              : preview.error
                ? preview.error
                : "It takes the next credit note number and can no longer be changed."}
          </Text>
        )}
        {error && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color={action === "delete" ? "red" : undefined} loading={busy} onClick={go}>
            {action === "delete" ? "Delete draft" : "Issue"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
