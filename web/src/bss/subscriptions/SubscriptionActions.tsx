import {
  Button,
  Checkbox,
  Menu,
  NumberInput,
  Radio,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { IconChevronDown } from "@tabler/icons-react";
import { useState } from "react";
import { formatMoney, toPage } from "../../api.ts";
import { useApi } from "../../hooks.ts";
import { toContactPage } from "../accounts/accounts.api.ts";
import { formatBasisPoints, percentToBasisPoints } from "../billing/billing.api.ts";
import { toProductDetail } from "../catalog/catalog.api.ts";
import { toPriceListPage } from "../price-lists/price-lists.api.ts";
import { useBssSession } from "../session.tsx";
import { CommandDialog, type CommandSpec } from "./CommandDialog.tsx";
import {
  type ActionKey,
  availableActions,
  type CommandOutcome,
  isManagedCopy,
  type SubscriptionDetails,
  type UpgradeOption,
} from "./subscriptions.api.ts";

const LABELS: Record<ActionKey, string> = {
  quantity: "Change quantity",
  cancel: "Cancel subscription",
  suspend: "Suspend",
  resume: "Resume",
  autoRenew: "Renew automatically",
  renewalRequest: "Manage renewal",
  revokeRenewalRequest: "Revoke renewal request",
  revokeCancellation: "Revoke cancellation",
  reactivate: "Re-activate",
  upgrade: "Upgrade",
  downgrade: "Downgrade",
  revokeDowngrade: "Revoke downgrade",
  addAddon: "Add add-on",
  cancelAddon: "Cancel add-on",
  pricing: "Edit pricing info",
  edit: "Edit subscription",
};

export function ActionsMenu({
  subscription,
  onPick,
}: {
  subscription: SubscriptionDetails;
  onPick: (action: ActionKey) => void;
}) {
  const actions = availableActions(subscription);
  if (actions.length === 0) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button rightSection={<IconChevronDown size={16} />}>Actions</Button>
      </Menu.Target>
      <Menu.Dropdown>
        {actions.map((a) => (
          <Menu.Item
            key={a}
            onClick={() => onPick(a)}
            color={a === "cancel" || a === "cancelAddon" ? "red" : undefined}
          >
            {a === "autoRenew"
              ? subscription.autoRenew
                ? "Turn off auto-renew"
                : "Turn on auto-renew"
              : LABELS[a]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

interface DialogProps {
  subscription: SubscriptionDetails;
  opened: boolean;
  onClose: () => void;
  onDone: (outcome: CommandOutcome) => void;
}

const base = (s: SubscriptionDetails) => `/api/bss/subscriptions/${encodeURIComponent(s.id)}`;

function positiveInt(value: string | number, label: string): [number | null, string | null] {
  const n = typeof value === "number" ? value : Number(value);
  if (value === "" || !Number.isInteger(n) || n < 1)
    return [null, `${label} must be a whole number of at least 1`];
  return [n, null];
}

function QuantityDialog({ subscription: s, ...p }: DialogProps) {
  const [quantity, setQuantity] = useState<string | number>(s.quantity);
  const [err, setErr] = useState<Record<string, string>>({});
  const spec: CommandSpec = {
    title: "Change quantity",
    description: "More licences apply now; fewer take effect as the product type says (at renewal or now).",
    path: `${base(s)}/quantity`,
    confirmLabel: "Change quantity",
    onFieldErrors: setErr,
    buildBody: () => {
      const [n, e] = positiveInt(quantity, "Quantity");
      if (n === s.quantity) {
        setErr({ quantity: `The subscription already has ${s.quantity} licences` });
        return null;
      }
      setErr(e ? { quantity: e } : {});
      return e ? null : { quantity: n };
    },
    fields: (
      <NumberInput
        label="Licences"
        description={`Now ${s.quantity}`}
        min={1}
        allowDecimal={false}
        value={quantity}
        onChange={setQuantity}
        error={err.quantity}
        required
        data-autofocus
      />
    ),
  };
  return <CommandDialog spec={spec} {...p} />;
}

function CancelDialog({ subscription: s, ...p }: DialogProps) {
  const [mode, setMode] = useState("immediate");
  const [date, setDate] = useState("");
  const [quantity, setQuantity] = useState<string | number>("");
  const [instructions, setInstructions] = useState("");
  const [err, setErr] = useState<Record<string, string>>({});
  const spec: CommandSpec = {
    title: "Cancel subscription",
    description: s.withinWindow
      ? `Inside the change window (until ${s.windowEndDate}): every mode is possible.`
      : "Outside the 14-day window only End of Billing Period is accepted (R-CAN-01).",
    path: `${base(s)}/cancel`,
    confirmLabel: "Cancel subscription",
    color: "red",
    onFieldErrors: setErr,
    buildBody: () => {
      const errors: Record<string, string> = {};
      if (mode === "specific_date" && !/^\d{4}-\d{2}-\d{2}$/.test(date))
        errors.date = "Choose the cancellation date";
      let qty: number | null = null;
      if (quantity !== "") {
        const [n, e] = positiveInt(quantity, "Licences");
        if (e) errors.quantity = e;
        else if (n !== null && n > s.quantity) errors.quantity = `At most ${s.quantity} licences`;
        qty = n;
      }
      setErr(errors);
      if (Object.keys(errors).length > 0) return null;
      return {
        mode,
        ...(mode === "specific_date" ? { date } : {}),
        ...(qty !== null && qty < s.quantity ? { quantity: qty } : {}),
        ...(instructions.trim() ? { instructions: instructions.trim() } : {}),
      };
    },
    fields: (
      <>
        <Radio.Group label="When" value={mode} onChange={setMode} required>
          <Stack gap={6} mt={6}>
            <Radio value="immediate" label="Immediately" />
            <Radio value="specific_date" label="On a specific date (today or earlier in this period)" />
            <Radio value="end_of_billing_period" label="At the end of the billing period" />
          </Stack>
        </Radio.Group>
        {mode === "specific_date" && (
          <TextInput
            type="date"
            label="Cancellation date"
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
            error={err.date}
            required
          />
        )}
        <NumberInput
          label="Licences to cancel"
          description={`Leave empty to cancel all ${s.quantity}`}
          min={1}
          max={s.quantity}
          allowDecimal={false}
          value={quantity}
          onChange={setQuantity}
          error={err.quantity}
        />
        <Textarea
          label="Instructions"
          description="Kept in the history"
          autosize
          minRows={2}
          maxLength={2000}
          value={instructions}
          onChange={(e) => setInstructions(e.currentTarget.value)}
          error={err.instructions}
        />
      </>
    ),
  };
  return <CommandDialog spec={spec} {...p} />;
}

function SuspendDialog({ subscription: s, ...p }: DialogProps) {
  const [reason, setReason] = useState("");
  const spec: CommandSpec = {
    title: "Suspend subscription",
    description: "Billing continues while suspended (the commitment runs on).",
    path: `${base(s)}/suspend`,
    confirmLabel: "Suspend",
    color: "orange",
    buildBody: () => (reason.trim() ? { reason: reason.trim() } : {}),
    fields: (
      <Textarea
        label="Reason"
        autosize
        minRows={2}
        maxLength={2000}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
    ),
  };
  return <CommandDialog spec={spec} {...p} />;
}

function RenewalRequestDialog({ subscription: s, ...p }: DialogProps) {
  const [quantity, setQuantity] = useState<string | number>(s.quantity);
  const [err, setErr] = useState<Record<string, string>>({});
  const spec: CommandSpec = {
    title: "Manage renewal",
    description: `The quantity for the next term (renewal on ${s.nextRenewalDate ?? "—"}).`,
    path: `${base(s)}/renewal-request`,
    confirmLabel: "Request",
    onFieldErrors: setErr,
    buildBody: () => {
      const [n, e] = positiveInt(quantity, "Quantity");
      setErr(e ? { quantity: e } : {});
      return e ? null : { quantity: n };
    },
    fields: (
      <NumberInput
        label="Licences at renewal"
        min={1}
        allowDecimal={false}
        value={quantity}
        onChange={setQuantity}
        error={err.quantity}
        required
      />
    ),
  };
  return <CommandDialog spec={spec} {...p} />;
}

function ReactivateDialog({ subscription: s, ...p }: DialogProps) {
  const [autoRenew, setAutoRenew] = useState(true);
  const spec: CommandSpec = {
    title: "Re-activate subscription",
    description: "Active again with a new term from today.",
    path: `${base(s)}/reactivate`,
    confirmLabel: "Re-activate",
    buildBody: () => ({ autoRenew }),
    fields: (
      <Checkbox
        label="Renew automatically"
        checked={autoRenew}
        onChange={(e) => setAutoRenew(e.currentTarget.checked)}
      />
    ),
  };
  return <CommandDialog spec={spec} {...p} />;
}

function UpgradeDialog({ subscription: s, ...p }: DialogProps) {
  const [target, setTarget] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<string | number>("");
  const [err, setErr] = useState<Record<string, string>>({});
  const options = useApi<{ items: UpgradeOption[] }>(p.opened ? `${base(s)}/upgrade-options` : null);
  const items = options.data?.items ?? [];
  const spec: CommandSpec = {
    title: "Upgrade",
    description: "Moves all licences (or some, to a new subscription) to a product on the upgrade paths.",
    path: `${base(s)}/upgrade`,
    confirmLabel: "Upgrade",
    onFieldErrors: (e) => setErr({ ...e, target: e.targetProductId ?? "" }),
    buildBody: () => {
      const errors: Record<string, string> = {};
      if (!target) errors.target = "Choose the product to upgrade to";
      let qty: number | null = null;
      if (quantity !== "") {
        const [n, e] = positiveInt(quantity, "Licences");
        if (e) errors.quantity = e;
        qty = n;
      }
      setErr(errors);
      if (Object.keys(errors).length > 0) return null;
      return { targetProductId: target, ...(qty !== null && qty < s.quantity ? { quantity: qty } : {}) };
    },
    fields: (
      <>
        <Select
          label="Upgrade to"
          placeholder={
            options.loading ? "Loading…" : items.length === 0 ? "No upgrade paths" : "Choose a product"
          }
          searchable
          data={items.map((o) => ({
            value: o.product.id,
            label: `${o.product.name} · ${formatMoney(o.unitPrice)}`,
            disabled: !o.allowed,
          }))}
          value={target}
          onChange={setTarget}
          error={err.target || (options.error ? options.error.message : undefined)}
          required
          nothingFoundMessage="No match"
        />
        {items.some((o) => !o.allowed) && (
          <Text size="xs" c="dimmed">
            Greyed-out products break a rule: {items.filter((o) => !o.allowed).length} of {items.length}.
          </Text>
        )}
        <NumberInput
          label="Licences to move"
          description={`Leave empty to upgrade all ${s.quantity}; fewer create a new subscription`}
          min={1}
          max={s.quantity}
          allowDecimal={false}
          value={quantity}
          onChange={setQuantity}
          error={err.quantity}
        />
      </>
    ),
  };
  return <CommandDialog spec={spec} {...p} />;
}

function ProductPickDialog({
  subscription: s,
  kind,
  ...p
}: DialogProps & { kind: "downgrade" | "addAddon" }) {
  const [target, setTarget] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<string | number>("");
  const [err, setErr] = useState<Record<string, string>>({});
  const product = useApi(
    p.opened ? `/api/bss/catalog/products/${encodeURIComponent(s.productId)}` : null,
    toProductDetail,
  );
  const refs = (kind === "downgrade" ? product.data?.downgrades : product.data?.addons) ?? [];
  const held = new Set(s.addons.filter((a) => a.status === "active").map((a) => a.productId));
  const choices = refs.filter((r) => kind === "downgrade" || !held.has(r.id));
  const isDowngrade = kind === "downgrade";
  const spec: CommandSpec = {
    title: isDowngrade ? "Downgrade" : "Add add-on",
    description: isDowngrade
      ? "Immediate within 14 days of the order or renewal, otherwise at the next term."
      : "Charged from today.",
    path: `${base(s)}/${isDowngrade ? "downgrade" : "addons"}`,
    confirmLabel: isDowngrade ? "Downgrade" : "Add add-on",
    onFieldErrors: setErr,
    buildBody: () => {
      const errors: Record<string, string> = {};
      if (!target) errors.target = "Choose a product";
      let qty: number | null = null;
      if (!isDowngrade && quantity !== "") {
        const [n, e] = positiveInt(quantity, "Quantity");
        if (e) errors.quantity = e;
        qty = n;
      }
      setErr(errors);
      if (Object.keys(errors).length > 0) return null;
      return isDowngrade
        ? { targetProductId: target }
        : { productId: target, ...(qty ? { quantity: qty } : {}) };
    },
    fields: (
      <>
        <Select
          label={isDowngrade ? "Downgrade to" : "Add-on"}
          placeholder={product.loading ? "Loading…" : choices.length === 0 ? "None available" : "Choose"}
          searchable
          data={choices.map((r) => ({
            value: r.id,
            label: r.listPrice ? `${r.name} · ${formatMoney(r.listPrice)}` : r.name,
          }))}
          value={target}
          onChange={setTarget}
          error={err.target || err.targetProductId || err.productId || product.error?.message}
          required
        />
        {!isDowngrade && (
          <NumberInput
            label="Quantity"
            description="Leave empty for the default (the base quantity or the add-on's minimum)"
            min={1}
            allowDecimal={false}
            value={quantity}
            onChange={setQuantity}
            error={err.quantity}
          />
        )}
      </>
    ),
  };
  return <CommandDialog spec={spec} {...p} />;
}

function CancelAddonDialog({ subscription: s, ...p }: DialogProps) {
  const active = s.addons.filter((a) => a.status === "active");
  const [addonId, setAddonId] = useState<string | null>(active[0]?.id ?? null);
  const [instructions, setInstructions] = useState("");
  const [err, setErr] = useState<Record<string, string>>({});
  const spec: CommandSpec = {
    title: "Cancel add-on",
    description: "Add-ons are cancelled whole, inside the change window; the rest of the term is credited.",
    path: `${base(s)}/addons/${encodeURIComponent(addonId ?? "-")}/cancel`,
    confirmLabel: "Cancel add-on",
    color: "red",
    onFieldErrors: setErr,
    buildBody: () => {
      if (!addonId) {
        setErr({ addon: "Choose the add-on" });
        return null;
      }
      setErr({});
      return instructions.trim() ? { instructions: instructions.trim() } : {};
    },
    fields: (
      <>
        <Select
          label="Add-on"
          data={active.map((a) => ({ value: a.id, label: `${a.name} × ${a.quantity}` }))}
          value={addonId}
          onChange={setAddonId}
          error={err.addon}
          required
        />
        <Textarea
          label="Instructions"
          autosize
          minRows={2}
          maxLength={2000}
          value={instructions}
          onChange={(e) => setInstructions(e.currentTarget.value)}
        />
      </>
    ),
  };
  return <CommandDialog spec={spec} {...p} />;
}

function PricingDialog({ subscription: s, ...p }: DialogProps) {
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
function EditDialog({ subscription: s, ...p }: DialogProps) {
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

function simple(s: SubscriptionDetails, action: ActionKey): CommandSpec | null {
  switch (action) {
    case "resume":
      return { title: "Resume subscription", path: `${base(s)}/resume`, confirmLabel: "Resume" };
    case "autoRenew":
      return {
        title: s.autoRenew ? "Turn off auto-renew" : "Turn on auto-renew",
        path: `${base(s)}/auto-renew`,
        confirmLabel: s.autoRenew ? "Turn off" : "Turn on",
        buildBody: () => ({ autoRenew: !s.autoRenew }),
      };
    case "revokeRenewalRequest":
      return {
        title: "Revoke renewal request",
        method: "DELETE",
        path: `${base(s)}/renewal-request`,
        confirmLabel: "Revoke",
      };
    case "revokeCancellation":
      return {
        title: "Revoke cancellation",
        path: `${base(s)}/cancellation/revoke`,
        confirmLabel: "Revoke cancellation",
      };
    case "revokeDowngrade":
      return {
        title: "Revoke downgrade",
        method: "DELETE",
        path: `${base(s)}/downgrade`,
        confirmLabel: "Revoke downgrade",
      };
    default:
      return null;
  }
}

/** The open action's dialog (one at a time). */
export function ActionDialog({
  subscription,
  action,
  onClose,
  onDone,
}: {
  subscription: SubscriptionDetails;
  action: ActionKey | null;
  onClose: () => void;
  onDone: (outcome: CommandOutcome) => void;
}) {
  const p = { subscription, opened: action !== null, onClose, onDone };
  switch (action) {
    case "quantity":
      return <QuantityDialog {...p} />;
    case "cancel":
      return <CancelDialog {...p} />;
    case "suspend":
      return <SuspendDialog {...p} />;
    case "renewalRequest":
      return <RenewalRequestDialog {...p} />;
    case "reactivate":
      return <ReactivateDialog {...p} />;
    case "upgrade":
      return <UpgradeDialog {...p} />;
    case "downgrade":
      return <ProductPickDialog {...p} kind="downgrade" />;
    case "addAddon":
      return <ProductPickDialog {...p} kind="addAddon" />;
    case "cancelAddon":
      return <CancelAddonDialog {...p} />;
    case "pricing":
      return <PricingDialog {...p} />;
    case "edit":
      return <EditDialog {...p} />;
    case null:
      return null;
    default:
      return <CommandDialog spec={simple(subscription, action)} opened onClose={onClose} onDone={onDone} />;
  }
}
