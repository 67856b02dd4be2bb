import { Alert, Button, Group, List, Modal, Stack, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCircleCheck, IconClock, IconHourglass } from "@tabler/icons-react";
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { ApiError, errorMessage, fieldErrors, formatDate, request } from "../../api.ts";
import { BillingLines, DocumentLinks } from "../billing/BillingLines.tsx";
import { type CommandOutcome, toOutcome, type Violation } from "./subscriptions.api.ts";

export interface CommandSpec {
  title: string;
  description?: ReactNode;
  method?: "POST" | "DELETE";
  /** The command's URL without `?dryRun`. */
  path: string;
  confirmLabel: string;
  color?: string;
  /** The form; without one the dialog previews as soon as it opens. */
  fields?: ReactNode;
  /** Validates the form and returns the body, or null when a field is wrong (the form shows why). */
  buildBody?: () => unknown | null;
  /** Server-side field errors (400) for the form to show next to its inputs. */
  onFieldErrors?: (errors: Record<string, string>) => void;
}

type Phase = { kind: "edit" } | { kind: "preview"; outcome: CommandOutcome; body: unknown };

function violationsOf(e: unknown): Violation[] {
  if (!(e instanceof ApiError)) return [];
  const list = e.details?.violations;
  return Array.isArray(list) ? (list as Violation[]) : [];
}

export function Violations({ violations }: { violations: Violation[] }) {
  if (violations.length === 0) return null;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title="This change is not allowed"
      role="alert"
      data-testid="violations"
    >
      <List size="sm" spacing={4}>
        {violations.map((v) => (
          <List.Item key={`${v.code}-${v.message}`}>
            <Text span fw={600} size="sm">
              {v.code}
            </Text>{" "}
            {v.message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

function EffectLine({ outcome }: { outcome: CommandOutcome }) {
  const date = formatDate(outcome.effectiveDate);
  const by = outcome.rule
    ? ` (${outcome.rule.code}${outcome.rule.message ? `: ${outcome.rule.message}` : ""})`
    : "";
  switch (outcome.effect) {
    case "immediate":
      return (
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconCircleCheck size={18} color="var(--mantine-color-green-6)" aria-hidden />
          <Text size="sm">{`Takes effect immediately, on ${date}${by}.`}</Text>
        </Group>
      );
    case "scheduled":
      return (
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconClock size={18} color="var(--mantine-color-blue-6)" aria-hidden />
          <Text size="sm">{`Scheduled for ${date}${by}.`}</Text>
        </Group>
      );
    case "awaiting_vendor":
      return (
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconHourglass size={18} color="var(--mantine-color-yellow-7)" aria-hidden />
          <Text size="sm">{`Sent to the vendor first; applied on ${date} once the vendor confirms${by}.`}</Text>
        </Group>
      );
    default:
      return <Text size="sm">Nothing changes.</Text>;
  }
}

/** What a command would do: violations, when it takes effect, and the price effect line by line. */
export function OutcomeView({ outcome }: { outcome: CommandOutcome }) {
  return (
    <Stack gap="sm" data-testid="command-preview">
      <Violations violations={outcome.violations} />
      {outcome.violations.length === 0 && <EffectLine outcome={outcome} />}
      <div>
        <Title order={4} fz="sm" mb={4}>
          Price effect
        </Title>
        {outcome.billing.lines.length === 0 ? (
          <Text size="sm" c="dimmed">
            No charges or credits now.
          </Text>
        ) : (
          <BillingLines lines={outcome.billing.lines} total={outcome.billing.total} totalLabel="Net effect" />
        )}
      </div>
      {outcome.billing.documents.length > 0 && (
        <Group gap="xs">
          <Text size="sm">{outcome.preview ? "Would issue:" : "Issued:"}</Text>
          <DocumentLinks documents={outcome.billing.documents} linked={!outcome.preview} />
        </Group>
      )}
    </Stack>
  );
}

/**
 * Every subscription action: the form, then the server's preview (`?dryRun=true`: the same code
 * as the commit, rolled back), then the commit. A refused commit shows the rule violations.
 */
export function CommandDialog({
  spec,
  opened,
  onClose,
  onDone,
}: {
  spec: CommandSpec | null;
  opened: boolean;
  onClose: () => void;
  onDone: (outcome: CommandOutcome) => void;
}) {
  const [phase, setPhase] = useState<Phase>({ kind: "edit" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState<Violation[]>([]);
  const specRef = useRef(spec);
  specRef.current = spec;

  async function preview(event?: FormEvent) {
    event?.preventDefault();
    const s = specRef.current;
    if (!s) return;
    const body = s.buildBody ? s.buildBody() : undefined;
    if (s.buildBody && body === null) return;
    setBusy(true);
    setError(null);
    setRefused([]);
    s.onFieldErrors?.({});
    try {
      const raw = await request<unknown>(`${s.path}?dryRun=true`, {
        method: s.method ?? "POST",
        ...(body === undefined ? {} : { body }),
      });
      setPhase({ kind: "preview", outcome: toOutcome(raw), body });
    } catch (e) {
      const fields = fieldErrors(e);
      if (Object.keys(fields).length > 0 && s.onFieldErrors) s.onFieldErrors(fields);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function confirm() {
    const s = specRef.current;
    if (!s || phase.kind !== "preview") return;
    setBusy(true);
    setError(null);
    try {
      const raw = await request<unknown>(s.path, {
        method: s.method ?? "POST",
        ...(phase.body === undefined ? {} : { body: phase.body }),
      });
      const outcome = toOutcome(raw);
      notifications.show({
        color: "green",
        title: s.title,
        message:
          outcome.effect === "awaiting_vendor"
            ? "Sent to the vendor: applied when it confirms."
            : outcome.effect === "scheduled"
              ? `Scheduled for ${formatDate(outcome.effectiveDate)}.`
              : "Done.",
      });
      onDone(outcome);
    } catch (e) {
      setRefused(violationsOf(e));
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  // Each opening starts afresh; a dialog without a form previews at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on opening
  useEffect(() => {
    if (!opened) return;
    setPhase({ kind: "edit" });
    setError(null);
    setRefused([]);
    if (spec && !spec.fields) void preview();
  }, [opened, spec?.path, spec?.title]);

  const phone = useMediaQuery("(max-width: 36em)") ?? false;
  const canConfirm =
    phase.kind === "preview" && phase.outcome.violations.length === 0 && refused.length === 0;
  return (
    <Modal fullScreen={phone} opened={opened} onClose={onClose} title={spec?.title} size="lg" centered>
      {spec && (
        <Stack gap="md">
          {spec.description && (
            <Text size="sm" c="dimmed">
              {spec.description}
            </Text>
          )}
          {error && refused.length === 0 && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {error}
            </Alert>
          )}
          <Violations violations={refused} />
          {phase.kind === "edit" && spec.fields && (
            <form onSubmit={preview} noValidate aria-label={spec.title}>
              <Stack gap="sm">
                {spec.fields}
                <Group justify="flex-end" mt="xs">
                  <Button variant="default" onClick={onClose}>
                    Close
                  </Button>
                  <Button type="submit" loading={busy}>
                    Preview
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
          {phase.kind === "edit" && !spec.fields && busy && (
            <Text size="sm" c="dimmed" role="status">
              Preparing the preview…
            </Text>
          )}
          {phase.kind === "preview" && (
            <>
              <OutcomeView outcome={phase.outcome} />
              <Group justify="flex-end">
                {spec.fields && (
                  <Button variant="default" onClick={() => setPhase({ kind: "edit" })} disabled={busy}>
                    Back
                  </Button>
                )}
                {!spec.fields && (
                  <Button variant="default" onClick={onClose} disabled={busy}>
                    Close
                  </Button>
                )}
                <Button color={spec.color} onClick={confirm} loading={busy} disabled={!canConfirm}>
                  {spec.confirmLabel}
                </Button>
              </Group>
            </>
          )}
        </Stack>
      )}
    </Modal>
  );
}
