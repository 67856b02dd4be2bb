import { Anchor, Badge, Group, Modal, Paper, Stack, Tabs, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconPaperclip } from "@tabler/icons-react";
import { useMemo } from "react";
import { formatBytes, formatDateTime, labelOf, toPage } from "../../api.ts";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column, Filter } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { humanize, KeyValueTable, StatusBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";

interface MessageSummary {
  id: string;
  key: string;
  template: string;
  to: string;
  subject: string;
  status: string;
  transport: string | null;
  error: string | null;
  createdAt: string;
  sentAt: string | null;
  /** R-DOC-03: files sent with the email (an invoice's PDF). */
  attachments: Attachment[];
}

interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

function AttachmentList({ messageId, items }: { messageId: string; items: Attachment[] }) {
  if (items.length === 0) return null;
  return (
    <Stack gap={2} data-testid="message-attachments">
      {items.map((a) => (
        <Group key={a.id} gap={6}>
          <IconPaperclip size={14} />
          <Anchor
            href={`/api/bss/messages/${encodeURIComponent(messageId)}/attachments/${encodeURIComponent(a.id)}`}
            download={a.filename}
            size="sm"
          >
            {a.filename}
          </Anchor>
          <Text size="xs" c="dimmed">
            {formatBytes(a.size)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

interface Message extends MessageSummary {
  textBody: string;
  htmlBody: string | null;
}

/** ORDER_CONFIRMATION / order_confirmation → "Order confirmation" (src/shared/labels.ts). */
const templateLabel = (template: string) => labelOf("emailTemplate", template);
// Declared before TEMPLATES uses it at module load (a const in its dead zone broke the page: issue 16 review).
const STATUSES = ["queued", "sent", "failed"].map((s) => ({ value: s, label: humanize(s) }));
/** The emails the app sends (the API's template names), by their human name. */
const TEMPLATES = [
  "order_confirmation",
  "document_issued",
  "cancellation_request_submitted",
  "cancellation_request_completed",
  "cancellation_request_rejected",
  "provisioning_failed",
  "order_waiting_for_approval",
  "order_approved",
  "order_rejected",
].map((t) => ({ value: t, label: templateLabel(t) }));

function MessageView({ id, onClose }: { id: string | null; onClose: () => void }) {
  const state = useApi<Message>(id ? `/api/bss/messages/${encodeURIComponent(id)}` : null);
  const m = state.data;
  const phone = useMediaQuery("(max-width: 36em)") ?? false;
  return (
    <Modal fullScreen={phone} opened={id !== null} onClose={onClose} title={m?.subject ?? "Email"} size="xl">
      {state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : !m ? (
        <Loading />
      ) : (
        <Stack gap="sm">
          <KeyValueTable
            data={{
              to: m.to,
              email: templateLabel(m.template),
              status: <StatusBadge status={m.status} />,
              queued: formatDateTime(m.createdAt),
              sent: formatDateTime(m.sentAt),
              transport: m.transport,
              error: m.error,
              attachments: m.attachments.length ? (
                <AttachmentList messageId={m.id} items={m.attachments} />
              ) : null,
            }}
          />
          <Tabs defaultValue={m.htmlBody ? "html" : "text"}>
            <Tabs.List>
              {m.htmlBody && <Tabs.Tab value="html">HTML</Tabs.Tab>}
              <Tabs.Tab value="text">Text</Tabs.Tab>
            </Tabs.List>
            {m.htmlBody && (
              <Tabs.Panel value="html" pt="sm">
                {/* sandboxed: the email's HTML runs no script and reaches nothing of the app */}
                <iframe
                  title="Email HTML"
                  sandbox=""
                  srcDoc={m.htmlBody}
                  style={{
                    width: "100%",
                    height: 420,
                    border: "1px solid var(--mantine-color-default-border)",
                  }}
                />
              </Tabs.Panel>
            )}
            <Tabs.Panel value="text" pt="sm">
              <Paper p="sm" className="run-log" data-testid="message-text">
                {m.textBody}
              </Paper>
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </Modal>
  );
}

const COLUMNS = (open: (id: string) => void): Column<MessageSummary>[] => [
  {
    key: "subject",
    header: "Subject",
    sort: "subject",
    primary: true,
    render: (m) => (
      <>
        <Anchor component="button" type="button" onClick={() => open(m.id)} fw={500} ta="left">
          {m.subject}
        </Anchor>
        {m.attachments.length > 0 && (
          <Group gap={4} mt={2}>
            <IconPaperclip size={12} />
            <Text size="xs" c="dimmed">
              {m.attachments.map((a) => `${a.filename} (${formatBytes(a.size)})`).join(", ")}
            </Text>
          </Group>
        )}
      </>
    ),
  },
  { key: "to", header: "To", sort: "to", render: (m) => m.to },
  {
    key: "template",
    header: "Email",
    sort: "template",
    render: (m) => (
      <Badge variant="outline" color="gray" title={m.template}>
        {templateLabel(m.template)}
      </Badge>
    ),
  },
  { key: "status", header: "Status", sort: "status", render: (m) => <StatusBadge status={m.status} /> },
  {
    key: "createdAt",
    header: "Queued",
    sort: "createdAt",
    nowrap: true,
    render: (m) => formatDateTime(m.createdAt),
  },
];

const FILTERS: Filter[] = [
  { kind: "search", name: "to", label: "Recipient", placeholder: "name@example.com" },
  { kind: "select", name: "template", label: "Email", placeholder: "Any", data: TEMPLATES },
  { kind: "select", name: "status", label: "Status", placeholder: "Any", data: STATUSES },
];

/** The emails the tenant sent (or would have, without an SMTP server): the sandbox's mailbox. */
export function MailboxPage() {
  const list = useList({
    path: "/api/bss/messages",
    map: (raw) => toPage(raw, (m) => m as MessageSummary),
    filters: FILTERS,
    defaultSort: "-createdAt",
  });
  // ?message=<id> opens one email (the document page links here); it stays open on reload.
  const open = list.params.get("message");
  const columns = useMemo(() => COLUMNS((id) => list.update({ message: id })), [list.update]);
  return (
    <>
      <PageHeader title="Mailbox" description="Every email the tenant sent, newest first." />
      <ListView
        list={list}
        columns={columns}
        rowKey={(m) => m.id}
        noun="emails"
        empty="No emails sent yet"
        footnote={
          <Text size="xs" c="dimmed" mt="sm">
            Without an SMTP server the emails are stored here, exactly as they would be sent.
          </Text>
        }
      />
      <MessageView id={open} onClose={() => list.update({ message: null })} />
    </>
  );
}
