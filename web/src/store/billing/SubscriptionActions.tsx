import { Button, Menu, NumberInput, Radio, Select, Stack, Text, Textarea } from "@mantine/core";
import { IconChevronDown } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { formatDate, formatMoney } from "../../api.ts";
import { useApi } from "../../hooks.ts";
import type { CommandOutcome, DashboardSubscriptionDetails } from "../store.api.ts";
import { ActionItem, fallbackActions } from "./ActionItem.tsx";
import { ActionModal, type ActionRequest } from "./ActionModal.tsx";

type Kind = "buy" | "upgrade" | "cancel-addon" | "cancel";

interface UpgradeOptions {
  items: {
    product: { id: string; name: string; minQuantity: number };
    unitPrice: { currency: string; minor: string; decimal: string };
    allowed: boolean;
    violations: { code: string; message: string }[];
  }[];
}

const wholeNumber = (v: number | string, min: number, max?: number) => {
  const n = Number(v);
  if (v === "" || !Number.isInteger(n) || n < min) return `Enter a whole number of at least ${min}.`;
  if (max !== undefined && n > max) return `At most ${max}.`;
  return null;
};

/**
 * R-DSH-06's "I want to…" menu: Buy Licenses (hidden when the product is not published), Upgrade
 * (full or partial; hidden when no upgrade is published here), Cancel an Add-on (hidden without
 * add-ons), Cancel the subscription. What the server says would be refused today is disabled with
 * its reason (issue 16: no dialog that can only fail). Each one previews its price effect before
 * it is confirmed.
 */
export function SubscriptionActions({
  sub,
  onChanged,
  onStale,
}: {
  sub: DashboardSubscriptionDetails;
  onChanged: (outcome: CommandOutcome) => void;
  /** An action answered 412 (the subscription changed meanwhile): reload it. */
  onStale: () => void;
}) {
  const [open, setOpenState] = useState<Kind | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  // WCAG 2.4.3: the dialog opens with the focus on the menu's button, so it gives it back there;
  // the menu (returnFocus off) does not take it back from the dialog.
  const setOpen = (kind: Kind | null) => {
    if (kind) trigger.current?.focus();
    setOpenState(kind);
  };
  const activeAddons = sub.addons.filter((a) => a.status === "active");
  const actions = sub.actions ?? fallbackActions(sub, activeAddons.length > 0);
  const all = [actions.buyLicences, actions.upgrade, actions.cancelAddon, actions.cancel];
  const anyAvailable = all.some((a) => a.offered && a.available);
  // Nothing can be done today: the menu is disabled and says why (the first reason the server gave).
  const blocked = anyAvailable ? null : (all.find((a) => a.offered && a.reason)?.reason ?? null);
  const base = `/api/storefront/subscriptions/${encodeURIComponent(sub.id)}`;
  const close = () => setOpen(null);
  const done = (o: CommandOutcome) => {
    setOpen(null);
    onChanged(o);
  };

  // ---- Buy Licenses ----
  const [more, setMore] = useState<number | string>(1);
  const [buyError, setBuyError] = useState<string | null>(null);
  const buildBuy = (): ActionRequest | { errors: Record<string, string> } => {
    const err = wholeNumber(more, 1);
    setBuyError(err);
    if (err) return { errors: { quantity: err } };
    const quantity = sub.quantity + Number(more);
    // Add-ons that follow the base quantity (R-SGN-04) must be sent along in the Storefront.
    const tied = activeAddons.filter((a) => a.quantity === sub.quantity);
    return {
      path: `${base}/quantity`,
      body: { quantity, ...(tied.length ? { addons: tied.map((a) => ({ addonId: a.id, quantity })) } : {}) },
    };
  };

  // ---- Upgrade ----
  const [mode, setMode] = useState<"full" | "partial">("full");
  const [moveQty, setMoveQty] = useState<number | string>(1);
  // Full: the licences after the upgrade — more than now raises the quantity (R-SGN-06).
  const [fullQty, setFullQty] = useState<number | string>(sub.quantity);
  useEffect(() => setFullQty(sub.quantity), [sub.quantity]);
  const [target, setTarget] = useState<string | null>(null);
  const [upgradeErrors, setUpgradeErrors] = useState<Record<string, string>>({});
  const partialQty = mode === "partial" && !wholeNumber(moveQty, 1, sub.quantity) ? Number(moveQty) : null;
  const raisedQty = mode === "full" && !wholeNumber(fullQty, sub.quantity + 1) ? Number(fullQty) : null;
  const judgedQty = partialQty ?? raisedQty;
  const options = useApi<UpgradeOptions>(
    open === "upgrade"
      ? `${base}/upgrade-options${judgedQty !== null ? `?quantity=${judgedQty}` : ""}`
      : null,
  );
  const buildUpgrade = (): ActionRequest | { errors: Record<string, string> } => {
    const errors: Record<string, string> = {};
    if (mode === "partial") {
      const err = wholeNumber(moveQty, 1, sub.quantity - 1);
      if (err) errors.quantity = err;
    } else {
      const err = wholeNumber(fullQty, sub.quantity);
      if (err) errors.fullQuantity = err;
    }
    if (!target) errors.target = "Choose the product to upgrade to.";
    setUpgradeErrors(errors);
    if (Object.keys(errors).length) return { errors };
    return {
      path: `${base}/upgrade`,
      body: {
        targetProductId: target,
        ...(mode === "partial" ? { quantity: Number(moveQty) } : {}),
        ...(raisedQty !== null ? { quantity: raisedQty } : {}),
      },
    };
  };

  // ---- Cancel an add-on ----
  const [addonId, setAddonId] = useState<string | null>(null);
  const [addonNote, setAddonNote] = useState("");
  const [addonError, setAddonError] = useState<string | null>(null);
  const buildCancelAddon = (): ActionRequest | { errors: Record<string, string> } => {
    const err = addonId ? null : "Choose the add-on to cancel.";
    setAddonError(err);
    if (err) return { errors: { addon: err } };
    return {
      path: `${base}/addons/${encodeURIComponent(addonId!)}/cancel`,
      body: addonNote.trim() ? { instructions: addonNote.trim() } : {},
    };
  };

  // ---- Cancel the subscription ----
  const [cancelQty, setCancelQty] = useState<number | string>(sub.quantity);
  const [when, setWhen] = useState<"immediate" | "end_of_billing_period">("end_of_billing_period");
  const [cancelNote, setCancelNote] = useState("");
  useEffect(() => setCancelQty(sub.quantity), [sub.quantity]);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const buildCancel = (): ActionRequest | { errors: Record<string, string> } => {
    const err = wholeNumber(cancelQty, 1, sub.quantity);
    setCancelError(err);
    if (err) return { errors: { quantity: err } };
    return {
      path: `${base}/cancel`,
      body: {
        mode: when,
        quantity: Number(cancelQty),
        ...(cancelNote.trim() ? { instructions: cancelNote.trim() } : {}),
      },
    };
  };

  const upgradeItems = options.data?.items ?? [];
  return (
    <>
      <Menu position="bottom-start" withinPortal returnFocus={false}>
        <Menu.Target>
          <Button
            ref={trigger}
            rightSection={<IconChevronDown size={16} aria-hidden />}
            disabled={!anyAvailable}
            aria-describedby={blocked ? "actions-blocked" : undefined}
          >
            I want to…
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <ActionItem action={actions.buyLicences} label="Buy Licenses" onClick={() => setOpen("buy")} />
          <ActionItem action={actions.upgrade} label="Upgrade" onClick={() => setOpen("upgrade")} />
          <ActionItem
            action={actions.cancelAddon}
            label="Cancel an Add-on"
            onClick={() => setOpen("cancel-addon")}
          />
          <ActionItem
            action={actions.cancel}
            label="Cancel the subscription"
            color="red"
            onClick={() => setOpen("cancel")}
          />
        </Menu.Dropdown>
      </Menu>
      {blocked && (
        <Text size="sm" c="dimmed" id="actions-blocked" data-testid="actions-blocked">
          {`${blocked.message} (${blocked.code})`}
        </Text>
      )}

      <ActionModal
        opened={open === "buy"}
        onClose={close}
        title="Buy Licenses"
        confirmLabel="Buy licenses"
        build={buildBuy}
        onDone={done}
        version={sub.version}
        onStale={onStale}
        successMessage={(o) => `${sub.name} now has ${o.subscription.quantity} licences.`}
      >
        <Text size="sm">
          You have {sub.quantity} licences. New licences are charged at the subscription's unit price
          {sub.unitPrice ? ` (${formatMoney(sub.unitPrice)})` : ""}, prorated to the end of the billing
          period.
        </Text>
        <NumberInput
          label="Licences to add"
          min={1}
          allowDecimal={false}
          allowNegative={false}
          value={more}
          onChange={setMore}
          error={buyError}
          required
          data-autofocus
        />
      </ActionModal>

      <ActionModal
        opened={open === "upgrade"}
        onClose={close}
        title="Upgrade"
        confirmLabel="Upgrade"
        build={buildUpgrade}
        onDone={done}
        version={sub.version}
        onStale={onStale}
        successMessage={(o) =>
          o.newSubscription
            ? `${o.newSubscription.quantity} licences moved to ${o.newSubscription.name}.`
            : "Upgraded."
        }
      >
        <Radio.Group label="Upgrade" value={mode} onChange={(v) => setMode(v as "full" | "partial")}>
          <Stack gap={6} mt={6}>
            <Radio value="full" label={`All ${sub.quantity} licences`} />
            <Radio
              value="partial"
              label="Some of the licences (a new subscription)"
              disabled={sub.quantity < 2}
            />
          </Stack>
        </Radio.Group>
        {mode === "full" && (
          <NumberInput
            label="Licences after the upgrade"
            description="More than now adds licences in the same step (e.g. to reach the plan's minimum)."
            min={sub.quantity}
            allowDecimal={false}
            allowNegative={false}
            value={fullQty}
            onChange={setFullQty}
            error={upgradeErrors.fullQuantity}
            required
          />
        )}
        {mode === "partial" && (
          <NumberInput
            label="Licences to upgrade"
            min={1}
            max={sub.quantity - 1}
            allowDecimal={false}
            allowNegative={false}
            value={moveQty}
            onChange={setMoveQty}
            error={upgradeErrors.quantity}
            required
          />
        )}
        {options.data && upgradeItems.length === 0 && (
          <Text size="sm" c="dimmed" role="status">
            No upgrade of this product is offered in this store.
          </Text>
        )}
        {options.error && (
          <Text size="sm" c="red" role="alert">
            {options.error.message}
          </Text>
        )}
        <Select
          label="Upgrade to"
          placeholder={options.loading ? "Loading the options…" : "Choose a product"}
          data={upgradeItems.map((i) => ({
            value: i.product.id,
            // Not disabled: choosing one shows why it is not possible (the violations below).
            label: `${i.product.name} — ${formatMoney(i.unitPrice)}${i.allowed ? "" : " (not possible)"}`,
          }))}
          value={target}
          onChange={setTarget}
          searchable
          nothingFoundMessage={options.error ? options.error.message : "No upgrade is offered"}
          error={upgradeErrors.target}
          required
        />
        {target && upgradeItems.find((i) => i.product.id === target)?.violations.length ? (
          <Text size="sm" c="red" role="alert">
            {upgradeItems
              .find((i) => i.product.id === target)!
              .violations.map((v) => `${v.message} (${v.code})`)
              .join(" ")}
          </Text>
        ) : null}
      </ActionModal>

      <ActionModal
        opened={open === "cancel-addon"}
        onClose={close}
        title="Cancel an Add-on"
        confirmLabel="Cancel the add-on"
        color="red"
        build={buildCancelAddon}
        onDone={done}
        version={sub.version}
        onStale={onStale}
        successMessage={() => "The add-on is cancelled."}
      >
        <Select
          label="Add-on"
          placeholder="Choose the add-on"
          data={activeAddons.map((a) => ({ value: a.id, label: `${a.name} × ${a.quantity}` }))}
          value={addonId}
          onChange={setAddonId}
          error={addonError}
          required
        />
        <Textarea
          label="Instructions (optional)"
          description="Anything your reseller should know about this cancellation"
          value={addonNote}
          onChange={(e) => setAddonNote(e.currentTarget.value)}
          maxLength={2000}
          autosize
          minRows={2}
        />
      </ActionModal>

      <ActionModal
        opened={open === "cancel"}
        onClose={close}
        title="Cancel the subscription"
        confirmLabel="Cancel licences"
        color="red"
        build={buildCancel}
        onDone={done}
        version={sub.version}
        onStale={onStale}
        successMessage={(o) =>
          o.effect === "scheduled"
            ? `The cancellation takes effect on ${formatDate(o.effectiveDate)}.`
            : o.effect === "awaiting_vendor"
              ? "The cancellation was sent to the vendor."
              : "Cancelled."
        }
      >
        <NumberInput
          label="Licences to cancel"
          description={`All ${sub.quantity} cancels the subscription; fewer reduces it.`}
          min={1}
          max={sub.quantity}
          allowDecimal={false}
          allowNegative={false}
          value={cancelQty}
          onChange={setCancelQty}
          error={cancelError}
          required
        />
        <Radio.Group
          label="When"
          value={when}
          onChange={(v) => setWhen(v as "immediate" | "end_of_billing_period")}
        >
          <Stack gap={6} mt={6}>
            <Radio value="immediate" label="Immediately" />
            <Radio value="end_of_billing_period" label="At the end of the billing period" />
          </Stack>
        </Radio.Group>
        <Textarea
          label="Instructions (optional)"
          value={cancelNote}
          onChange={(e) => setCancelNote(e.currentTarget.value)}
          maxLength={2000}
          autosize
          minRows={2}
        />
      </ActionModal>
    </>
  );
}
