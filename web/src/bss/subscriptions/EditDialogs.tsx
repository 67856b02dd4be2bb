import { Radio, SegmentedControl, Select, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { formatMoney, toPage } from "../../api.ts";
import { useApi } from "../../hooks.ts";
import { toContactPage } from "../accounts/accounts.api.ts";
import { formatBasisPoints, percentToBasisPoints } from "../billing/billing.api.ts";
import { toPriceListPage } from "../price-lists/price-lists.api.ts";
import { useBssSession } from "../session.tsx";
import { base, type DialogProps } from "./action-dialog.shared.ts";
import { CommandDialog, type CommandSpec } from "./CommandDialog.tsx";
import { isManagedCopy } from "./subscriptions.api.ts";

export function PricingDialog({ subscription: s, ...p }: DialogProps) {
  const [applyTo, setApplyTo] = useState("next");
  const [what, setWhat] = useState<"priceList" | "unitPrice" | "none">("unitPrice");
  const [priceListId, setPriceListId] = useState<string | null>(s.priceListId);
  const [unitPrice, setUnitPrice] = useState(s.unitPrice.decimal);
  const [discount, setDiscount] = useState("");
  const [err, setErr] = useState<Record<string, string>>({});
  const lists = useApi(p.opened ? "/api/bss/catalog/price-lists?limit=500" : null, toPriceListPage);
  const spec: CommandSpec = {
    title: "Edit pricing info",
    description: isManagedCopy(s)
      ? "A copy's billing unit (billing cycle) stays as the tenant reseller set it; price and discount are yours."
      : "Change the price list, unit price or discount, for the current billing cycle (re-billed) or from the next.",
    path: `${base(s)}/pricing`,
    confirmLabel: "Save pricing",
    onFieldErrors: setErr,
    buildBody: () => {
      const errors: Record<string, string> = {};
      const body: Record<string, unknown> = { applyTo };
      if (what === "priceList") {
        if (!priceListId) errors.priceListId = "Choose a price list";
        else body.priceListId = priceListId;
      } else if (what === "unitPrice") {
        if (!/^\d{1,12}(\.\d{1,4})?$/.test(unitPrice.trim()))
          errors.unitPrice = `A decimal amount such as 12.50 (${s.unitPrice.currency})`;
        else body.unitPrice = unitPrice.trim();
      }
      if (discount.trim()) {
        const bp = percentToBasisPoints(discount);
        if (bp === null) errors.discountBasisPoints = "A percentage from 0 to 100, up to two decimals";
        else body.discountBasisPoints = bp;
      }
      if (what === "none" && !discount.trim())
        errors.discountBasisPoints = "Give a discount, or change the price";
      setErr(errors);
      return Object.keys(errors).length > 0 ? null : body;
    },
    fields: (
      <>
        <Radio.Group label="Apply to" value={applyTo} onChange={setApplyTo} required>
          <Stack gap={6} mt={6}>
            <Radio value="next" label="From the next billing cycle" />
            <Radio
              value="current"
              label="The current billing cycle (its lines are credited and billed again)"
            />
          </Stack>
        </Radio.Group>
        <div>
          <Text size="sm" fw={500} mb={4} id="pricing-what">
            Price
          </Text>
          <SegmentedControl
            aria-labelledby="pricing-what"
            value={what}
            onChange={(v) => setWhat(v as typeof what)}
            data={[
              { value: "unitPrice", label: "Unit price" },
              { value: "priceList", label: "Price list" },
              { value: "none", label: "Keep" },
            ]}
          />
        </div>
        {what === "unitPrice" && (
          <TextInput
            label={`Unit price per licence and term (${s.unitPrice.currency})`}
            description={`Now ${formatMoney(s.unitPrice)}`}
            inputMode="decimal"
            value={unitPrice}
            onChange={(e) => setUnitPrice(e.currentTarget.value)}
            error={err.unitPrice}
            required
          />
        )}
        {what === "priceList" && (
          <Select
            label="Price list"
            data={(lists.data?.items ?? []).map((l) => ({ value: l.id, label: `${l.name} (${l.currency})` }))}
            placeholder={lists.loading ? "Loading…" : "Choose a price list"}
            value={priceListId}
            onChange={setPriceListId}
            error={err.priceListId || lists.error?.message}
            required
          />
        )}
        <TextInput
          label="Discount (%)"
          description={`Now ${formatBasisPoints(s.discountBasisPoints)}; leave empty to keep it`}
          inputMode="decimal"
          value={discount}
          onChange={(e) => setDiscount(e.currentTarget.value)}
          error={err.discountBasisPoints}
        />
      </>
    ),
  };
  return <CommandDialog spec={spec} {...p} />;
}

interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: string;
  accountId: string | null;
  disabled: boolean;
}

/** Edit Subscription: the descriptive fields; on a distributor copy every one but the name (R-TEN-05). */
export function EditDialog({ subscription: s, ...p }: DialogProps) {
  const copy = isManagedCopy(s);
  const { actor } = useBssSession();
  const [name, setName] = useState(s.name);
  const [type, setType] = useState(s.subscriptionType ?? "");
  const [responsible, setResponsible] = useState<string | null>(s.responsibleUserId ?? null);
  const [contact, setContact] = useState<string | null>(s.billToContactId ?? null);
  const [err, setErr] = useState<Record<string, string>>({});
  // Listing colleagues needs the admin role: others keep the current responsible user.
  const users = useApi(
    p.opened && actor.role === "admin" ? "/api/bss/users?area=bss&limit=500" : null,
    (raw) => toPage(raw, (u) => u as StaffUser),
  );
  const contacts = useApi(
    p.opened
      ? `/api/bss/accounts/${encodeURIComponent(s.billToAccountId ?? s.accountId)}/contacts?limit=500`
      : null,
    toContactPage,
  );
  const spec: CommandSpec = {
    title: "Edit subscription",
    description: copy
      ? "The name and everything the tenant reseller's BSS owns stay locked; these fields are yours."
      : "The descriptive fields; quantity, product and status change through their own actions.",
    path: `${base(s)}/edit`,
    confirmLabel: "Save",
    onFieldErrors: setErr,
    buildBody: () => {
      const body: Record<string, unknown> = {};
      const errors: Record<string, string> = {};
      if (!copy && name.trim() !== s.name) {
        if (!name.trim()) errors.name = "The name must not be empty";
        else body.name = name.trim();
      }
      if (type.trim() !== (s.subscriptionType ?? "")) body.subscriptionType = type.trim() || null;
      if (responsible !== (s.responsibleUserId ?? null)) body.responsibleUserId = responsible;
      if (contact !== (s.billToContactId ?? null)) body.billToContactId = contact;
      if (Object.keys(errors).length === 0 && Object.keys(body).length === 0)
        errors.form = "Nothing changed yet";
      setErr(errors);
      return Object.keys(errors).length > 0 ? null : body;
    },
    fields: (
      <>
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={err.name}
          disabled={copy}
          description={copy ? "Locked: set by the tenant reseller's BSS" : undefined}
        />
        <TextInput
          label="Subscription type"
          value={type}
          onChange={(e) => setType(e.currentTarget.value)}
          error={err.subscriptionType}
        />
        {actor.role === "admin" && (
          <Select
            label="Responsible user"
            clearable
            searchable
            data={(users.data?.items ?? [])
              .filter((u) => !u.accountId && !u.disabled)
              .map((u) => ({ value: u.id, label: `${u.name || u.email} (${u.role})` }))}
            value={responsible}
            onChange={setResponsible}
            error={err.responsibleUserId || users.error?.message}
          />
        )}
        <Select
          label="Bill-to contact"
          clearable
          data={(contacts.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} <${c.email}>` }))}
          value={contact}
          onChange={setContact}
          placeholder={contacts.data?.items.length === 0 ? "The account has no contacts" : undefined}
          error={err.billToContactId || contacts.error?.message}
        />
        {err.form && (
          <Text size="sm" c="red" role="alert">
            {err.form}
          </Text>
        )}
      </>
    ),
  };
  return <CommandDialog spec={spec} {...p} />;
}
