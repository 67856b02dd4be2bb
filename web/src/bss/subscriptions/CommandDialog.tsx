import { Alert, Group, List, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconClock,
  IconHourglass,
  IconInfoCircle,
} from "@tabler/icons-react";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { ApiError, fieldErrors, formatDate, ifMatch, request } from "../../api.ts";
import { FormDialog, useDialogForm } from "../../components/FormDialog.tsx";
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

/** The preview remembers the version it was computed on: the commit sends the same one. */
type Phase = { kind: "edit" } | { kind: "preview"; outcome: CommandOutcome; body: unknown; version: number };

/** 412: the subscription changed since the page loaded it (issue 12). */
function isStale(e: unknown): e is ApiError {
  return e instanceof ApiError && e.status === 412;
}

export const STALE_MESSAGE =
  "This subscription was changed by someone else while you were working on it. It has been reloaded: check it, then preview your change again.";

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

/** What the change does beyond the request (a reduction at renewal, a raised quantity), with its rule. */
function Notes({ notes }: { notes: Violation[] }) {
  if (notes.length === 0) return null;
  return (
    <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />} data-testid="preview-notes">
      <List size="sm" spacing={4}>
        {notes.map((n) => (
          <List.Item key={`${n.code}-${n.message}`}>
            <Text span fw={600} size="sm">
              {n.code}
            </Text>{" "}
            {n.message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** What a command would do: violations, when it takes effect, and the price effect line by line. */
export function OutcomeView({ outcome }: { outcome: CommandOutcome }) {
  return (
    <Stack gap="sm" data-testid="command-preview">
      <Violations violations={outcome.violations} />
      {outcome.violations.length === 0 && <EffectLine outcome={outcome} />}
      <Notes notes={outcome.notes} />
      <div>
        <Title order={4} fz="sm" mb={4}>
          Price effect
        </Title>
        {outcome.billing.lines.length === 0 ? (
          <Text size="sm" c="dimmed">
            {outcome.billing.onVendorConfirmation
              ? "Nothing before the vendor confirms."
              : "No charges or credits now."}
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
      {outcome.billing.onVendorConfirmation && (
        <OnVendorConfirmation effect={outcome.billing.onVendorConfirmation} />
      )}
    </Stack>
  );
}

/**
 * R-CAN-05 / R-CAN-03: a change that waits for the vendor writes its money when the vendor
 * confirms (a full cancellation's credit note); the server computes it with the confirmation's
 * own code, so these are the lines that will be issued.
 */
function OnVendorConfirmation({
  effect,
}: {
  effect: NonNullable<CommandOutcome["billing"]["onVendorConfirmation"]>;
}) {
  return (
    <div data-testid="on-vendor-confirmation">
      <Title order={4} fz="sm" mb={4}>
        When the vendor confirms
      </Title>
      {effect.lines.length === 0 ? (
        <Text size="sm" c="dimmed">
          No charges or credits.
        </Text>
      ) : (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            Issued automatically once the vendor confirms; nothing is issued if it refuses.
          </Text>
          <BillingLines lines={effect.lines} total={effect.total} totalLabel="Credit on confirmation" />
          {effect.documents.length > 0 && (
            <Group gap="xs">
              <Text size="sm">Will issue:</Text>
              <DocumentLinks documents={effect.documents} linked={false} />
            </Group>
          )}
        </Stack>
      )}
    </div>
  );
}

/**
 * Every subscription action: the form, then the server's preview (`?dryRun=true`: the same code
 * as the commit, rolled back), then the commit. A refused commit shows the rule violations.
 * Both send the version the page displayed (If-Match); a 412 means someone changed the
 * subscription meanwhile: the dialog says so, the page reloads it, and the user decides again
 * (never a silent retry).
 */
export function CommandDialog({
  spec,
  version,
  opened,
  onClose,
  onDone,
  onStale,
}: {
  spec: CommandSpec | null;
  version: number;
  opened: boolean;
  onClose: () => void;
  onDone: (outcome: CommandOutcome) => void;
  onStale: () => void;
}) {
  const [phase, setPhase] = useState<Phase>({ kind: "edit" });
  const form = useDialogForm();
  const [refused, setRefused] = useState<Violation[]>([]);
  const [stale, setStale] = useState(false);
  const specRef = useRef(spec);
  specRef.current = spec;
  const versionRef = useRef(version);
  versionRef.current = version;
  // WCAG 2.4.3: the Preview button gives way to the preview; the focus goes to the preview
  // (read from its start, Tab then reaches its buttons) instead of falling to the page.
  const previewRef = useRef<HTMLDivElement>(null);
  const previewShown = phase.kind === "preview";
  useEffect(() => {
    if (previewShown) previewRef.current?.focus();
  }, [previewShown]);

  function changedMeanwhile() {
    setStale(true);
    setPhase({ kind: "edit" });
    onStale();
  }

  /** Previews the form (or the action); `byUser`: the user asked, so a stale notice has been read. */
  async function preview(byUser: boolean) {
    const s = specRef.current;
    if (!s) return;
    const body = s.buildBody ? s.buildBody() : undefined;
    if (s.buildBody && body === null) return;
    setRefused([]);
    if (byUser) setStale(false);
    s.onFieldErrors?.({});
    const seen = versionRef.current;
    try {
      const raw = await request<unknown>(`${s.path}?dryRun=true`, {
        method: s.method ?? "POST",
        headers: ifMatch(seen),
        ...(body === undefined ? {} : { body }),
      });
      setPhase({ kind: "preview", outcome: toOutcome(raw), body, version: seen });
    } catch (e) {
      if (isStale(e)) return changedMeanwhile();
      const fields = fieldErrors(e);
      if (Object.keys(fields).length > 0 && s.onFieldErrors) s.onFieldErrors(fields);
      throw e;
    }
  }

  async function confirm() {
    const s = specRef.current;
    if (!s || phase.kind !== "preview") return;
    try {
      const raw = await request<unknown>(s.path, {
        method: s.method ?? "POST",
        headers: ifMatch(phase.version),
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
      if (isStale(e)) return changedMeanwhile();
      const violations = violationsOf(e);
      setRefused(violations);
      // A refusal shows its violations instead of the message.
      if (violations.length === 0) throw e;
    }
  }

  // Each opening starts afresh; a dialog without a form previews at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on opening
  useEffect(() => {
    if (!opened) return;
    setPhase({ kind: "edit" });
    form.reset();
    setRefused([]);
    if (spec && !spec.fields) void form.submit(() => preview(false));
  }, [opened, spec?.path, spec?.title]);
  // The notice of a 412 stays until the user previews again or reopens the dialog.
  useEffect(() => {
    if (opened) setStale(false);
  }, [opened]);

  if (!spec) return null;
  const editing = phase.kind === "edit";
  const canConfirm =
    phase.kind === "preview" && phase.outcome.violations.length === 0 && refused.length === 0;
  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={spec.title}
      description={spec.description}
      size="lg"
      form={form}
      onSubmit={editing ? () => preview(true) : confirm}
      submitLabel={editing ? (stale && !spec.fields ? "Preview again" : "Preview") : spec.confirmLabel}
      {...(!editing && spec.color ? { submitColor: spec.color } : {})}
      submitDisabled={!editing && !canConfirm}
      cancelLabel={!editing && spec.fields ? "Back" : "Close"}
      {...(!editing && spec.fields ? { onCancel: () => setPhase({ kind: "edit" }) } : {})}
    >
      {stale && (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title="The subscription changed meanwhile"
          role="alert"
          data-testid="stale-subscription"
        >
          {STALE_MESSAGE}
        </Alert>
      )}
      <Violations violations={refused} />
      {editing && spec.fields}
      {editing && !spec.fields && form.busy && (
        <Text size="sm" c="dimmed" role="status">
          Preparing the preview…
        </Text>
      )}
      {phase.kind === "preview" && (
        <div ref={previewRef} tabIndex={-1} style={{ outline: "none" }}>
          <OutcomeView outcome={phase.outcome} />
        </div>
      )}
    </FormDialog>
  );
}
