import { Box, Button, Text, Tooltip } from "@mantine/core";
import { useEffect, useState } from "react";
import { api, errorMessage, formatDate, formatMoney } from "../../api.ts";
import { FormDialog, useDialogForm } from "../../components/FormDialog.tsx";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import type { CreditNoteOutcome, DocumentDetails } from "./billing.api.ts";

type Line = DocumentDetails["lines"][number];

/** A draft's lines, each with "Remove line" (disabled on the last: R-DOC-01 keeps one). */
export function DraftLines({
  d,
  busyLine,
  onRemove,
}: {
  d: DocumentDetails;
  busyLine: string | null;
  onRemove: (lineId: string) => void;
}) {
  const last = d.lines.length <= 1;
  const columns: Column<Line>[] = [
    { key: "line", header: "Line", primary: true, render: (l) => l.description },
    {
      key: "arithmetic",
      header: "Arithmetic",
      render: (l) => (
        <Text size="sm" c="dimmed" component="span">
          {l.explanation}
        </Text>
      ),
    },
    { key: "amount", header: "Amount", align: "right", nowrap: true, render: (l) => formatMoney(l.amount) },
    { key: "tax", header: "Tax", align: "right", nowrap: true, render: (l) => formatMoney(l.tax) },
    {
      key: "remove",
      header: "",
      align: "right",
      render: (l) => (
        <Tooltip label="A credit note keeps at least one line; delete the draft instead" disabled={!last}>
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
      ),
    },
  ];
  return (
    <Box data-testid="draft-lines">
      <ItemsTable items={d.lines} columns={columns} rowKey={(l) => l.id} label="Draft lines" />
    </Box>
  );
}

/** Confirms issuing (with the server's preview: the number it takes) or deleting a draft. */
export function ConfirmDraftAction({
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
  const form = useDialogForm();
  const { reset } = form;
  // The server's preview of the issue (?dryRun=true): the number and date it would take.
  useEffect(() => {
    setPreview({});
    reset();
    if (action !== "issue") return;
    let live = true;
    api
      .post<CreditNoteOutcome>(`${base}/issue?dryRun=true`)
      .then((data) => live && setPreview({ data }))
      .catch((e) => live && setPreview({ error: errorMessage(e) }));
    return () => {
      live = false;
    };
  }, [action, base, reset]);
  async function go() {
    if (action === "delete") {
      await api.delete(base);
      onDone("delete", null);
    } else if (action === "issue") onDone("issue", await api.post<CreditNoteOutcome>(`${base}/issue`));
  }
  return (
    <FormDialog
      opened={action !== null}
      onClose={onClose}
      title={action === "delete" ? "Delete this draft?" : "Issue this credit note?"}
      form={form}
      onSubmit={go}
      submitLabel={action === "delete" ? "Delete draft" : "Issue"}
      {...(action === "delete" ? { submitColor: "red" } : {})}
    >
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
    </FormDialog>
  );
}
