import {
  Alert,
  Checkbox,
  Group,
  SegmentedControl,
  SimpleGrid,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useEffect, useMemo, useState } from "react";
import { api, errorMessage, formatMoney } from "../../api.ts";
import { FormDialog, useDialogForm } from "../../components/FormDialog.tsx";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { type CreditNoteOutcome, type DocumentDetails, leftToCredit } from "./billing.api.ts";

const AMOUNT = /^\d{1,13}(\.\d{1,4})?$/;

interface LineChoice {
  chosen: boolean;
  /** "whole": what is left on the line; "part": `amount`. */
  mode: "whole" | "part";
  amount: string;
}

type Line = DocumentDetails["lines"][number];

const NO_CHOICE: LineChoice = { chosen: false, mode: "whole", amount: "" };
const choiceIn = (choices: Record<string, LineChoice>, id: string): LineChoice => choices[id] ?? NO_CHOICE;

/** Minor units → a decimal string in the money's own digits ("1234" → "12.34"). */
function decimalOf(minor: bigint, sample: string): string {
  const digits = sample.includes(".") ? sample.split(".")[1]!.length : 0;
  const sign = minor < 0n ? "-" : "";
  const abs = (minor < 0n ? -minor : minor).toString().padStart(digits + 1, "0");
  return digits ? `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}` : `${sign}${abs}`;
}

/**
 * R-DOC-01: credit chosen lines of an issued invoice (each wholly — what is left on it — or an
 * amount of it) or the whole invoice, with a reason. The totals are the server's preview
 * (`?dryRun=true`) of exactly this request; "Create draft" makes the draft credit note.
 */
export function CreditNoteDialog({
  invoice,
  opened,
  onClose,
  onCreated,
}: {
  invoice: DocumentDetails;
  opened: boolean;
  onClose: () => void;
  onCreated: (draft: CreditNoteOutcome) => void;
}) {
  const lines = useMemo(() => invoice.lines.filter((l) => l.kind !== "credit"), [invoice.lines]);
  const [scope, setScope] = useState<"lines" | "whole">("lines");
  const [choices, setChoices] = useState<Record<string, LineChoice>>({});
  const [reason, setReason] = useState("");
  const [preview, setPreview] = useState<CreditNoteOutcome | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const form = useDialogForm();
  const { reset } = form;

  useEffect(() => {
    if (!opened) return;
    setScope("lines");
    setChoices({});
    setReason("");
    setPreview(null);
    setPreviewError(null);
    reset();
  }, [opened, reset]);

  const choiceOf = (id: string): LineChoice => choiceIn(choices, id);
  const setChoice = (id: string, patch: Partial<LineChoice>) =>
    setChoices((c) => ({ ...c, [id]: { ...choiceOf(id), ...patch } }));

  /** The request body, or a message saying what is missing (checked here, then by the server). */
  const body = useMemo((): { body: Record<string, unknown> } | { problem: string } => {
    // The reason is added on submit: typing it does not re-run the preview.
    const why = "(preview)";
    if (scope === "whole") return { body: { invoiceId: invoice.id, reason: why, whole: true } };
    const chosen = lines.filter((l) => choiceIn(choices, l.id).chosen);
    if (chosen.length === 0) return { problem: "Choose at least one line to credit." };
    const out: Array<{ chargeId: string; amount?: string }> = [];
    for (const l of chosen) {
      const c = choiceIn(choices, l.id);
      if (c.mode === "part") {
        if (!AMOUNT.test(c.amount.trim()))
          return { problem: `Give an amount such as 12.50 for "${l.description}".` };
        out.push({ chargeId: l.id, amount: c.amount.trim() });
      } else out.push({ chargeId: l.id });
    }
    return { body: { invoiceId: invoice.id, reason: why, lines: out } };
  }, [scope, choices, lines, invoice.id]);
  const [debounced] = useDebouncedValue(body, 300);

  useEffect(() => {
    if (!opened) return;
    if ("problem" in debounced) {
      setPreview(null);
      setPreviewError(null);
      return;
    }
    let live = true;
    api
      .post<CreditNoteOutcome>("/api/bss/credit-notes?dryRun=true", debounced.body)
      .then((p) => {
        if (!live) return;
        setPreview(p);
        setPreviewError(null);
      })
      .catch((e) => {
        if (!live) return;
        setPreview(null);
        setPreviewError(errorMessage(e));
      });
    return () => {
      live = false;
    };
  }, [debounced, opened]);

  async function submit() {
    if ("problem" in body) throw new Error(body.problem);
    if (!reason.trim()) throw new Error("Give the reason for this credit note.");
    onCreated(
      await api.post<CreditNoteOutcome>("/api/bss/credit-notes", { ...body.body, reason: reason.trim() }),
    );
  }

  const columns: Column<Line>[] = [
    {
      key: "credit",
      header: "Credit",
      render: (l) => (
        <Checkbox
          aria-label={`Credit ${l.description}`}
          checked={choiceOf(l.id).chosen}
          disabled={leftToCredit(l) <= 0n}
          onChange={(e) => setChoice(l.id, { chosen: e.currentTarget.checked })}
        />
      ),
    },
    {
      key: "line",
      header: "Line",
      primary: true,
      render: (l) => (
        <>
          <Text size="sm" fw={500}>
            {l.description}
          </Text>
          <Text size="xs" c="dimmed">
            {formatMoney(l.amount)} · {l.explanation}
          </Text>
        </>
      ),
    },
    {
      key: "left",
      header: "Left to credit",
      align: "right",
      nowrap: true,
      render: (l) =>
        formatMoney({ currency: l.amount.currency, decimal: decimalOf(leftToCredit(l), l.amount.decimal) }),
    },
    {
      key: "how",
      header: "How much",
      render: (l) => {
        const c = choiceOf(l.id);
        return (
          <Group gap="xs" wrap="nowrap">
            <SegmentedControl
              size="xs"
              disabled={!c.chosen}
              value={c.mode}
              onChange={(v) => setChoice(l.id, { mode: v as LineChoice["mode"] })}
              data={[
                { value: "whole", label: "Whole" },
                { value: "part", label: "Amount" },
              ]}
              aria-label={`How much of ${l.description}`}
            />
            {c.chosen && c.mode === "part" && (
              <TextInput
                size="xs"
                w={110}
                aria-label={`Amount of ${l.description}`}
                placeholder="12.50"
                value={c.amount}
                onChange={(e) => setChoice(l.id, { amount: e.currentTarget.value })}
              />
            )}
          </Group>
        );
      },
    },
  ];

  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={`Credit note for ${invoice.number ?? "the invoice"}`}
      size="xl"
      form={form}
      onSubmit={submit}
      submitLabel="Create draft"
      submitDisabled={"problem" in body || !reason.trim()}
    >
      <SegmentedControl
        value={scope}
        onChange={(v) => setScope(v as "lines" | "whole")}
        data={[
          { value: "lines", label: "Chosen lines" },
          { value: "whole", label: "Whole invoice" },
        ]}
        aria-label="What to credit"
      />
      {scope === "lines" && (
        <ItemsTable items={lines} columns={columns} rowKey={(l) => l.id} label="Lines to credit" />
      )}
      <Textarea
        label="Reason"
        required
        autosize
        minRows={2}
        maxLength={1000}
        placeholder="Why this invoice is credited"
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      <div data-testid="credit-preview">
        {"problem" in body ? (
          <Text size="sm" c="dimmed">
            {body.problem}
          </Text>
        ) : previewError ? (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
            {previewError}
          </Alert>
        ) : preview ? (
          <SimpleGrid cols={3}>
            {(
              [
                ["Net", preview.net],
                ["Tax", preview.tax],
                ["Total", preview.gross],
              ] as const
            ).map(([label, money]) => (
              <div key={label}>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  {label}
                </Text>
                <Text
                  fw={label === "Total" ? 700 : 500}
                  data-testid={`credit-preview-${label.toLowerCase()}`}
                >
                  {formatMoney(money)}
                </Text>
              </div>
            ))}
          </SimpleGrid>
        ) : (
          <Text size="sm" c="dimmed">
            Computing the totals…
          </Text>
        )}
      </div>
    </FormDialog>
  );
}
