import { NumberInput, Select, Text, Textarea } from "@mantine/core";
import { useState } from "react";
import { formatMoney } from "../../api.ts";
import { useApi } from "../../hooks.ts";
import { toProductDetail } from "../catalog/catalog.api.ts";
import { base, type DialogProps, positiveInt } from "./action-dialog.shared.ts";
import { CommandDialog, type CommandSpec } from "./CommandDialog.tsx";
import type { UpgradeOption } from "./subscriptions.api.ts";

export function UpgradeDialog({ subscription: s, ...p }: DialogProps) {
  const [target, setTarget] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<string | number>("");
  const [err, setErr] = useState<Record<string, string>>({});
  // The options are judged for the quantity entered: fewer = partial, more = raised (R-SGN-06).
  const [asked] = quantity === "" ? [null] : positiveInt(quantity, "Licences");
  const judged = asked !== null && asked !== s.quantity ? `?quantity=${asked}` : "";
  const options = useApi<{ items: UpgradeOption[] }>(p.opened ? `${base(s)}/upgrade-options${judged}` : null);
  const items = options.data?.items ?? [];
  const chosen = items.find((o) => o.product.id === target);
  const spec: CommandSpec = {
    title: "Upgrade",
    description:
      "Moves all licences (or some, to a new subscription) to a product on the upgrade paths; more licences than now raise the quantity in the same step.",
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
      return { targetProductId: target, ...(qty !== null && qty !== s.quantity ? { quantity: qty } : {}) };
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
            // Not disabled: choosing one shows why it is not possible (e.g. its minimum, R-SGN-06).
            label: `${o.product.name} · ${formatMoney(o.unitPrice)}${o.allowed ? "" : " (not possible)"}`,
          }))}
          value={target}
          onChange={setTarget}
          error={err.target || (options.error ? options.error.message : undefined)}
          required
          nothingFoundMessage="No match"
        />
        {chosen && !chosen.allowed && (
          <Text size="sm" c="red" role="alert" data-testid="upgrade-option-violations">
            {chosen.violations.map((v) => `${v.code}: ${v.message}`).join(" ")}
          </Text>
        )}
        <NumberInput
          label="Licences"
          description={`Leave empty to upgrade all ${s.quantity}; fewer move to a new subscription; more raise the quantity with the upgrade`}
          min={1}
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

export function ProductPickDialog({
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

export function CancelAddonDialog({ subscription: s, ...p }: DialogProps) {
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
