import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconAlertTriangle } from "@tabler/icons-react";
import { type FormEvent, type ReactNode, useCallback, useState } from "react";
import { errorMessage, fieldErrors } from "../api.ts";

/** Thrown by a dialog's submit to show field errors without calling the API. */
export class InvalidForm extends Error {
  readonly errors: Record<string, string>;
  constructor(errors: Record<string, string>) {
    super("invalid form");
    this.errors = errors;
  }
}

export interface DialogForm {
  busy: boolean;
  /** The whole form's error (the API's message). */
  error: string | null;
  /** Errors by field name, from the checks before sending or from the API's 400. */
  errors: Record<string, string>;
  /** Runs `action`; shows what it throws; resolves true when it succeeded. */
  submit: (action: () => Promise<unknown> | unknown) => Promise<boolean>;
  reset: () => void;
}

/**
 * The busy / error state of a form dialog. `submit` checks before sending by throwing
 * `new InvalidForm({ field: "message" })`; an API error shows its message and its field issues.
 */
export function useDialogForm(): DialogForm {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = useCallback(async (action: () => Promise<unknown> | unknown) => {
    setBusy(true);
    setError(null);
    setErrors({});
    try {
      await action();
      return true;
    } catch (e) {
      if (e instanceof InvalidForm) setErrors(e.errors);
      else {
        setErrors(fieldErrors(e));
        setError(errorMessage(e));
      }
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const reset = useCallback(() => {
    setError(null);
    setErrors({});
  }, []);
  return { busy, error, errors, submit, reset };
}

/**
 * Every form dialog of the app: a titled modal (full screen at phone widths) holding one form,
 * its error, and Cancel / submit buttons. Enter submits; Escape and Cancel close it and give
 * focus back to what opened it.
 */
export function FormDialog({
  opened,
  onClose,
  title,
  form,
  onSubmit,
  submitLabel,
  submitColor,
  submitDisabled = false,
  cancelLabel = "Cancel",
  onCancel,
  description,
  size = "md",
  children,
  extraActions,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  form: DialogForm;
  /** Called inside form.submit; throw InvalidForm or let the API's error through. */
  onSubmit: () => Promise<unknown> | unknown;
  submitLabel: string;
  submitColor?: string;
  submitDisabled?: boolean;
  cancelLabel?: string;
  /** What Cancel does (default: close), e.g. "Back" from a preview step to the form. */
  onCancel?: () => void;
  /** A line under the title, above the error. */
  description?: ReactNode;
  size?: string;
  children: ReactNode;
  /** More buttons left of Cancel (e.g. "Preview"). */
  extraActions?: ReactNode;
}) {
  const phone = useMediaQuery("(max-width: 36em)") ?? false;
  function handle(e: FormEvent) {
    e.preventDefault();
    if (!form.busy) void form.submit(onSubmit);
  }
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size} fullScreen={phone} returnFocus>
      <form onSubmit={handle} noValidate aria-label={title}>
        <Stack gap="sm">
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
          {form.error && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {form.error}
            </Alert>
          )}
          {children}
          <Group justify="flex-end" gap="sm" mt="sm">
            {extraActions}
            <Button variant="default" onClick={onCancel ?? onClose} disabled={form.busy}>
              {cancelLabel}
            </Button>
            <Button
              type="submit"
              loading={form.busy}
              disabled={submitDisabled}
              {...(submitColor ? { color: submitColor } : {})}
            >
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
