import { Switch, TextInput } from "@mantine/core";
import { useState } from "react";
import { api } from "../../api.ts";
import { FormDialog, useDialogForm } from "../../components/FormDialog.tsx";
import type { ProductType } from "./catalog.api.ts";

/** R-CRQ-01: edit the product type's cancellation options (admins). */
export function CancellationOptionsModal({
  type,
  onClose,
  onSaved,
}: {
  type: ProductType;
  onClose: () => void;
  onSaved: () => void;
}) {
  const o = type.cancellationRequests;
  const [subs, setSubs] = useState(o.automaticSubscriptions);
  const [addons, setAddons] = useState(o.automaticAddons);
  const [threshold, setThreshold] = useState(o.amountThreshold?.decimal ?? "");
  const form = useDialogForm();
  async function save() {
    await api.patch(`/api/bss/catalog/product-types/${type.id}`, {
      cancellationRequests: {
        automaticSubscriptions: subs,
        automaticAddons: addons,
        amountThreshold: threshold.trim() ? threshold.trim() : null,
      },
    });
    onSaved();
  }
  return (
    <FormDialog
      opened
      onClose={onClose}
      title={`Cancellation requests — ${type.name}`}
      form={form}
      onSubmit={save}
      submitLabel="Save"
    >
      <Switch
        label="Automatic execution of subscription cancellation requests"
        checked={subs}
        onChange={(e) => setSubs(e.currentTarget.checked)}
      />
      <Switch
        label="Automatic execution of add-on cancellation requests"
        checked={addons}
        onChange={(e) => setAddons(e.currentTarget.checked)}
      />
      <TextInput
        label="Amount threshold"
        description="A cancellation whose credit is above this amount (your currency) waits for approval anyway. Empty: none."
        placeholder="e.g. 500.00"
        value={threshold}
        onChange={(e) => setThreshold(e.currentTarget.value)}
        error={form.errors["cancellationRequests.amountThreshold"]}
      />
    </FormDialog>
  );
}
