import {
  Anchor,
  Badge,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue, useMediaQuery } from "@mantine/hooks";
import { IconPaperclip } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { formatBytes, formatDateTime, labelOf, toPage, withQuery } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { useUrlFilters } from "../../components/filters.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
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

const LIMIT = 25;
const STATUSES = ["queued", "sent", "failed"].map((s) => ({ value: s, label: humanize(s) }));

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
              template: labelOf("emailTemplate", m.template),
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

/** The emails the tenant sent (or would have, without an SMTP server): the sandbox's mailbox. */
export function MailboxPage() {
  const [params, update] = useUrlFilters();
  const status = params.get("status") ?? "";
  const to = params.get("to") ?? "";
  const offset = Number(params.get("offset") ?? 0) || 0;
  // ?message=<id> opens one email (the document page links here).
  const [search] = useSearchParams();
  const [open, setOpen] = useState<string | null>(search.get("message"));
  const [text, setText] = useState(to);
  const [debounced] = useDebouncedValue(text.trim(), 300);
  useEffect(() => {
    if (debounced !== to) update({ to: debounced, offset: null });
  }, [debounced, to, update]);
  const state = useApi(withQuery("/api/bss/messages", { status, to, limit: LIMIT, offset }), (raw) =>
    toPage(raw, (m) => m as MessageSummary),
  );
  return (
    <>
      <PageHeader title="Mailbox" description="Every email the tenant sent, newest first." />
      <Paper p="md">
        <Group mb="md" gap="sm" align="flex-end">
          <TextInput
            label="Recipient"
            type="search"
            placeholder="name@example.com"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            w={{ base: "100%", xs: 260 }}
          />
          <Select
            label="Status"
            placeholder="Any"
            data={STATUSES}
            value={status || null}
            onChange={(v) => update({ status: v, offset: null })}
            clearable
            w={{ base: "100%", xs: 160 }}
          />
        </Group>
        <DataTable
          state={state}
          minWidth={680}
          empty={status || to ? "No emails match these filters" : "No emails sent yet"}
          head={["Subject", "To", "Template", "Status", "Queued"]}
          row={(m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <Anchor component="button" type="button" onClick={() => setOpen(m.id)} fw={500} ta="left">
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
              </Table.Td>
              <Table.Td>{m.to}</Table.Td>
              <Table.Td>
                <Badge variant="outline" color="gray">
                  {labelOf("emailTemplate", m.template)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={m.status} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(m.createdAt)}</Table.Td>
            </Table.Tr>
          )}
        />
        {state.data && (
          <Pager
            total={state.data.total}
            limit={state.data.limit || LIMIT}
            offset={state.data.offset}
            onChange={(o) => update({ offset: o })}
            noun="emails"
          />
        )}
        <Text size="xs" c="dimmed" mt="sm">
          Without an SMTP server the emails are stored here, exactly as they would be sent.
        </Text>
      </Paper>
      <MessageView id={open} onClose={() => setOpen(null)} />
    </>
  );
}
