import { Alert, Badge, Button, Group, Modal, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle } from "@tabler/icons-react";
import { type FormEvent, type ReactNode, useState } from "react";
import { ApiError, api, formatDate, formatMoney, ifMatch } from "../../api.ts";
import type { CommandOutcome, OutcomeBillingEffect } from "../store.api.ts";

export interface ActionRequest {
  path: string;
  body: Record<string, unknown>;
}

const EFFECT_TEXT: Record<CommandOutcome["effect"], string> = {
  immediate: "Takes effect now",
  scheduled: "Takes effect on",
  awaiting_vendor: "Sent to the vendor; applied when it confirms",
  none: "Changes nothing",
};

/** The price effect of a preview: every billing line with its arithmetic, and the total. */
export function PreviewView({ outcome }: { outcome: CommandOutcome }) {
  const { billing } = outcome;
  const later = billing.onVendorConfirmation;
  return (
    <Stack gap="xs" data-testid="action-preview">
      {outcome.cancellationRequest ? (
        <Text size="sm" fw={500} data-testid="request-note">
          {outcome.cancellationRequest.reason === "above_threshold"
            ? "This cancellation's credit needs approval: a cancellation request is sent to your provider. Nothing changes until it is approved; what the approval would do:"
            : "This product's cancellations need approval: a cancellation request is sent to your provider. Nothing changes until it is approved; what the approval would do:"}
        </Text>
      ) : (
        <Text size="sm">
          {EFFECT_TEXT[outcome.effect]}
          {outcome.effect === "scheduled" ? ` ${formatDate(outcome.effectiveDate)}` : ""}.
        </Text>
      )}
      {(outcome.notes ?? []).map((n) => (
        <Text key={`${n.code}-${n.message}`} size="sm" c="blue.8" data-testid="preview-note">
          {n.message} ({n.code})
        </Text>
      ))}
      {billing.lines.length === 0 ? (
        <Text size="sm" c="dimmed">
          {later ? "No charge or credit before the vendor confirms." : "No charge or credit."}
        </Text>
      ) : (
        <EffectLines effect={billing} totalLabel="Price effect" />
      )}
      {later && (
        <Stack gap={4} data-testid="on-vendor-confirmation">
          <Text size="sm" fw={600}>
            When the vendor confirms
          </Text>
          {later.lines.length === 0 ? (
            <Text size="sm" c="dimmed">
              No charge or credit.
            </Text>
          ) : (
            <>
              <Text size="xs" c="dimmed">
                Issued automatically once the vendor confirms; nothing is issued if it refuses.
              </Text>
              <EffectLines
                effect={later}
                totalLabel="Credit on confirmation"
                totalTestId="confirmation-total"
              />
            </>
          )}
        </Stack>
      )}
    </Stack>
  );
}

function EffectLines({
  effect,
  totalLabel,
  totalTestId = "preview-total",
}: {
  effect: OutcomeBillingEffect;
  totalLabel: string;
  totalTestId?: string;
}) {
  return (
    <>
      {effect.lines.length > 0 && (
        <Table.ScrollContainer minWidth={420}>
          <Table fz="sm" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Billing line</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {effect.lines.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>
                    <Text size="sm">{l.description}</Text>
                    <Text size="xs" c="dimmed">
                      {l.explanation}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{formatMoney(l.amount)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {effect.total && (
        <Group justify="space-between">
          <Text fw={600}>{totalLabel}</Text>
          <Text fw={700} data-testid={totalTestId}>
            {formatMoney(effect.total)}
          </Text>
        </Group>
      )}
      {effect.documents.length > 0 && (
        <Text size="xs" c="dimmed">
          {effect.documents
            .map((d) => `${d.kind === "invoice" ? "Invoice" : "Credit note"} ${formatMoney(d.gross)}`)
            .join(", ")}{" "}
          will be issued.
        </Text>
      )}
    </>
  );
}

/** 412 (issue 12): the subscription changed since the page showed it. */
export const STALE_MESSAGE =
  "This subscription was changed while you were working on it (perhaps in another window or by your reseller). We have reloaded it: check the figures, then review your change again.";

/**
 * A subscription action in two steps: the form is checked and previewed (`?dryRun=true`, the same
 * code rolled back), the preview shows its violations or its price effect, and only then the user
 * confirms. A refused commit shows the rule's message; field errors land on the form. Both steps
 * send the version the page showed (If-Match); a 412 tells the user the subscription changed
 * meanwhile and reloads it — the user reviews again, nothing is retried silently.
 */
export function ActionModal({
  opened,
  onClose,
  title,
  confirmLabel,
  children,
  build,
  onDone,
  successMessage,
  color,
  version,
  onStale,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  confirmLabel: string;
  children: ReactNode;
  /** The request from the form's values, or field errors to show. */
  build: () => ActionRequest | { errors: Record<string, string> };
  onDone: (outcome: CommandOutcome) => void;
  successMessage: (outcome: CommandOutcome) => string;
  color?: string;
  /** The subscription's version the page shows. */
  version: number;
  /** The subscription changed meanwhile (412): reload it. */
  onStale: () => void;
}) {
  const [preview, setPreview] = useState<CommandOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<(ActionRequest & { version: number }) | null>(null);
  const [stale, setStale] = useState(false);

  function reset() {
    setPreview(null);
    setError(null);
    setPending(null);
    setBusy(false);
    setStale(false);
  }

  /** Back to the form with the notice; the page reloads the subscription. */
  function changedMeanwhile() {
    reset();
    setStale(true);
    onStale();
  }

  async function review(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const req = build();
    if ("errors" in req) return;
    setStale(false);
    setBusy(true);
    const seen = version;
    try {
      const outcome = await api.post<CommandOutcome>(`${req.path}?dryRun=true`, req.body, ifMatch(seen));
      setPreview(outcome);
      setPending({ ...req, version: seen });
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) return changedMeanwhile();
      setError(err instanceof ApiError ? err.message : "The preview failed. Please try again.");
    } finally {
      setBusy(false);
    }
  }

  async function confirm() {
    if (!pending) return;
    setBusy(true);
    setError(null);
    try {
      const outcome = await api.post<CommandOutcome>(pending.path, pending.body, ifMatch(pending.version));
      notifications.show({
        color: "green",
        title,
        message: outcome.cancellationRequest
          ? "Your cancellation request was sent; the subscription is unchanged until it is approved."
          : successMessage(outcome),
      });
      reset();
      onDone(outcome);
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) return changedMeanwhile();
      const violations =
        err instanceof ApiError
          ? ((err.details?.violations ?? []) as { code: string; message: string }[])
          : [];
      setError(
        violations.length > 0
          ? violations.map((v) => `${v.message} (${v.code})`).join(" ")
          : err instanceof ApiError
            ? err.message
            : "The change failed. Please try again.",
      );
      setBusy(false);
    }
  }

  const blocked = (preview?.violations.length ?? 0) > 0;
  return (
    <Modal
      opened={opened}
      onClose={() => {
        reset();
        onClose();
      }}
      title={title}
      size="lg"
    >
      <form onSubmit={review} noValidate aria-label={title}>
        <Stack gap="md">
          <fieldset disabled={preview !== null} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <Stack gap="sm">{children}</Stack>
          </fieldset>
          {stale && (
            <Alert
              color="yellow"
              variant="light"
              icon={<IconAlertTriangle size={18} />}
              role="alert"
              title="Your subscription changed meanwhile"
            >
              {STALE_MESSAGE}
            </Alert>
          )}
          {error && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {error}
            </Alert>
          )}
          {preview && blocked && (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertTriangle size={18} />}
              role="alert"
              title="This change is not possible"
            >
              <Stack gap={4}>
                {preview.violations.map((v) => (
                  <Text size="sm" key={v.code + v.message}>
                    {v.message}{" "}
                    <Badge size="xs" color="red" variant="light">
                      {v.code}
                    </Badge>
                  </Text>
                ))}
              </Stack>
            </Alert>
          )}
          {preview && !blocked && <PreviewView outcome={preview} />}
          <Group justify="flex-end">
            {preview ? (
              <>
                <Button variant="default" onClick={() => setPreview(null)}>
                  Back
                </Button>
                <Button onClick={confirm} loading={busy} disabled={blocked} color={color}>
                  {confirmLabel}
                </Button>
              </>
            ) : (
              <>
                <Button
                  variant="default"
                  onClick={() => {
                    reset();
                    onClose();
                  }}
                >
                  Cancel
                </Button>
                <Button type="submit" loading={busy}>
                  Review price
                </Button>
              </>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
