import { Button, Checkbox, Menu, NumberInput, Radio, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { IconChevronDown } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { formatDate } from "../../api.ts";
import { base, type DialogProps, positiveInt } from "./action-dialog.shared.ts";
import { CommandDialog, type CommandSpec } from "./CommandDialog.tsx";
import { EditDialog, PricingDialog } from "./EditDialogs.tsx";
import { CancelAddonDialog, ProductPickDialog, UpgradeDialog } from "./PlanDialogs.tsx";
import {
  type ActionKey,
  availableActions,
  type CommandOutcome,
  type SubscriptionDetails,
  unavailableReason,
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
  const trigger = useRef<HTMLButtonElement>(null);
  const actions = availableActions(subscription);
  if (actions.length === 0) return null;
  // WCAG 2.4.3: the focus is on the menu's button when the dialog opens (the dialog takes it and
  // gives it back there), and the menu does not take it back from the dialog afterwards.
  const pick = (a: ActionKey) => {
    trigger.current?.focus();
    onPick(a);
  };
  return (
    <Menu position="bottom-end" withinPortal returnFocus={false}>
      <Menu.Target>
        <Button ref={trigger} rightSection={<IconChevronDown size={16} aria-hidden />}>
          Actions
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {actions.map((a) => {
          const reason = unavailableReason(subscription, a);
          return (
            <Menu.Item
              key={a}
              onClick={() => pick(a)}
              color={a === "cancel" || a === "cancelAddon" ? "red" : undefined}
              disabled={reason !== null}
            >
              {a === "autoRenew"
                ? subscription.autoRenew
                  ? "Turn off auto-renew"
                  : "Turn on auto-renew"
                : LABELS[a]}
              {reason && (
                <Text size="xs" c="dimmed" maw={280} data-testid="action-unavailable">
                  {reason.code}: {reason.message}
                </Text>
              )}
            </Menu.Item>
          );
        })}
      </Menu.Dropdown>
    </Menu>
  );
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
    description: s.awaitingStart
      ? `Not started yet (starts on ${formatDate(s.startDate)}): cancel it Immediately — nothing was provisioned or billed, so nothing is credited.`
      : s.withinWindow
        ? `Inside the change window (until ${formatDate(s.windowEndDate)}): every mode is possible.`
        : "Outside the 14-day window a full cancellation is only accepted at the End of the Billing Period (R-CAN-01); fewer licences always end at the renewal, whatever the mode (R-QTY-02).",
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
  const limits = s.availability?.renewalRequest; // R-REN-02: the product's quantity limits
  const spec: CommandSpec = {
    title: "Manage renewal",
    description: `The quantity for the next term (renewal on ${formatDate(s.nextRenewalDate)}).`,
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
        description={
          limits
            ? `${limits.minQuantity}${limits.maxQuantity === null ? " or more" : ` to ${limits.maxQuantity}`} licences`
            : undefined
        }
        min={limits?.minQuantity ?? 1}
        max={limits?.maxQuantity ?? undefined}
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

/**
 * Gives the focus back, when a dialog closes, to what had it when the dialog opened (the Actions
 * button): each dialog mounts already open, so Mantine's Modal never saw what to return to.
 */
function useFocusBack(opened: boolean) {
  const returnTo = useRef<HTMLElement | null>(null);
  // Read while rendering the opening: the dialog's focus trap has not moved the focus yet.
  if (opened && !returnTo.current && document.activeElement instanceof HTMLElement) {
    returnTo.current = document.activeElement;
  }
  useEffect(() => {
    if (opened || !returnTo.current) return;
    const element = returnTo.current;
    returnTo.current = null;
    const timer = window.setTimeout(() => element.isConnected && element.focus(), 20);
    return () => window.clearTimeout(timer);
  }, [opened]);
}

/** The open action's dialog (one at a time). */
export function ActionDialog({
  subscription,
  action,
  onClose,
  onDone,
  onStale,
}: {
  subscription: SubscriptionDetails;
  action: ActionKey | null;
  onClose: () => void;
  onDone: (outcome: CommandOutcome) => void;
  /** A command answered 412 (the subscription changed meanwhile): reload it. */
  onStale: () => void;
}) {
  useFocusBack(action !== null);
  const p = {
    subscription,
    version: subscription.version,
    opened: action !== null,
    onClose,
    onDone,
    onStale,
  };
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
      return (
        <CommandDialog
          spec={simple(subscription, action)}
          version={subscription.version}
          opened
          onClose={onClose}
          onDone={onDone}
          onStale={onStale}
        />
      );
  }
}
