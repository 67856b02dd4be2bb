import { Alert, Button, Group, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle } from "@tabler/icons-react";
import { type FormEvent, useEffect, useState } from "react";
import { errorMessage, fieldErrors } from "../api.ts";

/** An address + VAT ID as printed on invoices and credit notes (R-DOC-02). */
export interface LegalDetails {
  address: Record<string, string>;
  vatId: string | null;
}

const FIELDS = [
  ["line1", "Address line 1"],
  ["line2", "Address line 2"],
  ["postalCode", "Postal code"],
  ["city", "City"],
  ["region", "Region"],
  ["country", "Country (ISO code, e.g. GR)"],
] as const;

/**
 * Edits the legal data on documents: the tenant's (company details) or an account's. `save`
 * sends `{ address, vatId }` (an empty VAT ID clears it).
 */
export function LegalDetailsForm({
  value,
  save,
  canWrite,
  label,
}: {
  value: LegalDetails;
  save: (body: { address: Record<string, string>; vatId: string | null }) => Promise<unknown>;
  canWrite: boolean;
  label: string;
}) {
  const [address, setAddress] = useState<Record<string, string>>(value.address);
  const [vatId, setVatId] = useState(value.vatId ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setAddress(value.address);
    setVatId(value.vatId ?? "");
  }, [value]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setErrors({});
    try {
      const cleaned = Object.fromEntries(Object.entries(address).filter(([, v]) => v.trim() !== ""));
      await save({ address: cleaned, vatId: vatId.trim() || null });
      notifications.show({
        color: "green",
        title: `${label} saved`,
        message: "Printed on documents from now on.",
      });
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label={label}>
      <Stack gap="sm">
        {error && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {error}
          </Alert>
        )}
        <TextInput
          label="VAT ID"
          placeholder="EL123456789"
          value={vatId}
          onChange={(e) => setVatId(e.currentTarget.value)}
          error={errors.vatId}
          disabled={!canWrite}
        />
        {FIELDS.map(([key, text]) => (
          <TextInput
            key={key}
            label={text}
            value={address[key] ?? ""}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setAddress((a) => ({ ...a, [key]: key === "country" ? v.toUpperCase() : v }));
            }}
            error={errors[`address.${key}`] ?? errors.address}
            disabled={!canWrite}
          />
        ))}
        <Group justify="flex-end">
          <Button type="submit" loading={busy} disabled={!canWrite}>
            Save {label.toLowerCase()}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
