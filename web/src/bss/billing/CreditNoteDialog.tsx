import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue, useMediaQuery } from "@mantine/hooks";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useEffect, useMemo, useState } from "react";
import { api, errorMessage, formatMoney } from "../../api.ts";
import { type CreditNoteOutcome, type DocumentDetails, leftToCredit } from "./billing.api.ts";

const AMOUNT = /^\d{1,13}(\.\d{1,4})?$/;

interface LineChoice {
  chosen: boolean;
  /** "whole": what is left on the line; "part": `amount`. */
  mode: "whole" | "part";
  amount: string;
}

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
  const phone = useMediaQuery("(max-width: 36em)") ?? false;
  const lines = useMemo(() => invoice.lines.filter((l) => l.kind !== "credit"), [invoice.lines]);
  const [scope, setScope] = useState<"lines" | "whole">("lines");
  const [choices, setChoices] = useState<Record<string, LineChoice>>({});
  const [reason, setReason] = useState("");
  const [preview, setPreview] = useState<CreditNoteOutcome | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!opened) return;
    setScope("lines");
    setChoices({});
    setReason("");
    setPreview(null);
    setPreviewError(null);
    setError(null);
  }, [opened]);

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
    if ("problem" in body) return setError(body.problem);
    if (!reason.trim()) return setError("Give the reason for this credit note.");
    setBusy(true);
    setError(null);
    try {
      onCreated(
        await api.post<CreditNoteOutcome>("/api/bss/credit-notes", { ...body.body, reason: reason.trim() }),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`Credit note for ${invoice.number ?? "the invoice"}`}
      size="xl"
      fullScreen={phone}
    >
      <Stack gap="md">
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
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" fz="sm" data-testid="credit-lines">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Credit</Table.Th>
                  <Table.Th>Line</Table.Th>
                  <Table.Th ta="right">Left to credit</Table.Th>
                  <Table.Th>How much</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.map((l) => {
                  const c = choiceOf(l.id);
                  const left = leftToCredit(l);
                  return (
                    <Table.Tr key={l.id}>
                      <Table.Td>
                        <Checkbox
                          aria-label={`Credit ${l.description}`}
                          checked={c.chosen}
                          disabled={left <= 0n}
                          onChange={(e) => setChoice(l.id, { chosen: e.currentTarget.checked })}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {l.description}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {formatMoney(l.amount)} · {l.explanation}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                        {formatMoney({
                          currency: l.amount.currency,
                          decimal: decimalOf(left, l.amount.decimal),
                        })}
                      </Table.Td>
                      <Table.Td>
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
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
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
        {error && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={busy} disabled={"problem" in body || !reason.trim()}>
            Create draft
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
