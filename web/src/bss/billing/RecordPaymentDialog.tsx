import { Button, Group, Select, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCash } from "@tabler/icons-react";
import { useState } from "react";
import { api } from "../../api.ts";
import { FormDialog, useDialogForm } from "../../components/FormDialog.tsx";
import { useCanWrite } from "../session.tsx";
import { PAYMENT_METHODS } from "./billing.api.ts";

/** R-PAY-01: "Record payment" and its dialog; the payment is allocated oldest due first. */
export function RecordPaymentForm({ accountId, onRecorded }: { accountId: string; onRecorded: () => void }) {
  const canWrite = useCanWrite();
  const today = new Date().toISOString().slice(0, 10);
  const empty = { method: "bank_transfer", paidOn: today, amount: "", reference: "", note: "" };
  const [opened, setOpened] = useState(false);
  const [values, setValues] = useState(empty);
  const form = useDialogForm();
  const { errors } = form;
  // One key per payment typed in: a retried submit never records it twice.
  const [key, setKey] = useState(() => crypto.randomUUID());

  async function submit() {
    await api.post(
      "/api/bss/payments",
      {
        accountId,
        method: values.method,
        paidOn: values.paidOn,
        amount: values.amount.trim(),
        reference: values.reference.trim(),
        ...(values.note.trim() ? { note: values.note.trim() } : {}),
      },
      { "Idempotency-Key": key },
    );
    notifications.show({ color: "green", title: "Payment recorded", message: "Allocated oldest due first." });
    setValues(empty);
    setKey(crypto.randomUUID());
    setOpened(false);
    onRecorded();
  }

  if (!canWrite) return null;
  return (
    <Group justify="flex-end">
      <Button variant="light" leftSection={<IconCash size={16} />} onClick={() => setOpened(true)}>
        Record payment
      </Button>
      <FormDialog
        opened={opened}
        onClose={() => {
          form.reset();
          setOpened(false);
        }}
        title="Record a payment"
        form={form}
        onSubmit={submit}
        submitLabel="Record payment"
      >
        <Select
          label="Method"
          data={PAYMENT_METHODS}
          value={values.method}
          onChange={(v) => v && setValues({ ...values, method: v })}
          allowDeselect={false}
        />
        <TextInput
          type="date"
          label="Paid on"
          value={values.paidOn}
          onChange={(e) => setValues({ ...values, paidOn: e.currentTarget.value })}
          error={errors.paidOn}
        />
        <TextInput
          label="Amount"
          inputMode="decimal"
          placeholder="120.00"
          value={values.amount}
          onChange={(e) => setValues({ ...values, amount: e.currentTarget.value })}
          error={errors.amount}
          data-autofocus
        />
        <TextInput
          label="Reference"
          value={values.reference}
          onChange={(e) => setValues({ ...values, reference: e.currentTarget.value })}
          error={errors.reference}
        />
        <TextInput
          label="Note"
          value={values.note}
          onChange={(e) => setValues({ ...values, note: e.currentTarget.value })}
          error={errors.note}
        />
      </FormDialog>
    </Group>
  );
}
