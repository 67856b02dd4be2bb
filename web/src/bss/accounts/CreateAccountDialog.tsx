import { Checkbox, Select, TextInput } from "@mantine/core";
import { useState } from "react";
import { api } from "../../api.ts";
import { FormDialog, InvalidForm, useDialogForm } from "../../components/FormDialog.tsx";
import { useApi } from "../../hooks.ts";
import { ACCOUNT_KINDS, type Account, PAYMENT_METHODS, toAccount, toAccountPage } from "./accounts.api.ts";

const EDITIONS = [
  { value: "standard", label: "Standard (with a Storefront)" },
  { value: "basic", label: "Basic" },
];
const SLUG = /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** New reseller, end customer or direct customer; validated here, then by the server. */
export function CreateAccountDialog({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (a: Account) => void;
}) {
  const [kind, setKind] = useState<string>("end_customer");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [edition, setEdition] = useState<string | null>("standard");
  const [alias, setAlias] = useState("");
  const [parent, setParent] = useState<string | null>(null);
  const [orderApproval, setOrderApproval] = useState(true);
  const [paymentMethod, setPaymentMethod] = useState<string | null>("cash");
  const [currency, setCurrency] = useState("");
  const form = useDialogForm();
  const { errors } = form;
  const resellers = useApi(
    opened && kind === "end_customer" ? "/api/bss/accounts?kind=reseller&limit=500" : null,
    toAccountPage,
  );

  // R-PAY-02: a Standard Edition reseller paying by Credit Card locks its customers' approval on.
  const chosen = (resellers.data?.items ?? []).find((r) => r.id === parent);
  const parentLocks =
    kind === "end_customer" && chosen?.edition === "standard" && chosen.paymentMethod === "credit_card";

  function validate(): Record<string, unknown> {
    const e: Record<string, string> = {};
    if (!name.trim()) e.name = "Give the account a name";
    if (email.trim() && !EMAIL.test(email.trim())) e.email = "Not a valid email address";
    if (currency.trim() && !/^[A-Z]{3}$/.test(currency.trim()))
      e.currency = "A three-letter code such as EUR";
    if (kind === "reseller" && !edition) e.edition = "Choose the edition";
    if (kind === "reseller" && edition === "standard" && alias && !SLUG.test(alias))
      e.storefrontAlias = "2–40 lowercase letters, digits and hyphens";
    if (kind === "end_customer" && !parent) e.parentAccountId = "Choose the reseller";
    if (Object.keys(e).length > 0) throw new InvalidForm(e);
    return {
      kind,
      name: name.trim(),
      ...(email.trim() ? { email: email.trim() } : {}),
      ...(currency.trim() ? { currency: currency.trim() } : {}),
      orderApproval: parentLocks || orderApproval,
      ...(kind === "reseller"
        ? {
            edition,
            paymentMethod,
            ...(edition === "standard" && alias ? { storefrontAlias: alias } : {}),
          }
        : {}),
      ...(kind === "end_customer" ? { parentAccountId: parent } : {}),
    };
  }

  async function submit() {
    onCreated(toAccount(await api.post("/api/bss/accounts", validate())));
  }

  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title="New account"
      size="lg"
      form={form}
      onSubmit={submit}
      submitLabel="Create account"
      cancelLabel="Close"
    >
      <Select
        label="Kind"
        data={ACCOUNT_KINDS}
        value={kind}
        onChange={(v) => v && setKind(v)}
        allowDeselect={false}
        required
      />
      <TextInput
        label="Name"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors.name}
        required
        data-autofocus
      />
      <TextInput
        label="Email"
        type="email"
        value={email}
        onChange={(e) => setEmail(e.currentTarget.value)}
        error={errors.email}
      />
      {kind === "reseller" && (
        <>
          <Select
            label="Edition"
            data={EDITIONS}
            value={edition}
            onChange={setEdition}
            error={errors.edition}
            required
          />
          <Select
            label="Payment method"
            description="How the reseller pays you (Credit Card at Standard Edition locks its customers' Order Approval on)"
            data={PAYMENT_METHODS}
            value={paymentMethod}
            onChange={setPaymentMethod}
            allowDeselect={false}
            error={errors.paymentMethod}
          />
          {edition === "standard" && (
            <TextInput
              label="Storefront alias"
              description="The Storefront's address: /store/<alias>"
              value={alias}
              onChange={(e) => setAlias(e.currentTarget.value)}
              error={errors.storefrontAlias}
            />
          )}
        </>
      )}
      {kind === "end_customer" && (
        <Select
          label="Reseller"
          searchable
          placeholder={resellers.loading ? "Loading…" : "Choose the reseller"}
          data={(resellers.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))}
          value={parent}
          onChange={setParent}
          error={errors.parentAccountId || resellers.error?.message}
          required
        />
      )}
      <TextInput
        label="Currency"
        description="Leave empty for the tenant's currency"
        maxLength={3}
        value={currency}
        onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
        error={errors.currency}
        w={{ base: "100%", xs: 200 }}
      />
      <Checkbox
        label="Orders need approval (Order Approval)"
        description={
          parentLocks
            ? "Locked on: this reseller pays by Credit Card at Standard Edition (R-PAY-02)"
            : undefined
        }
        checked={parentLocks || orderApproval}
        disabled={parentLocks}
        onChange={(e) => setOrderApproval(e.currentTarget.checked)}
      />
    </FormDialog>
  );
}
