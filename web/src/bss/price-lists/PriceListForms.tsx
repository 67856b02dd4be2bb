import { ActionIcon, Button, Checkbox, Group, Select, TextInput, Tooltip } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconTrash } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { api, errorMessage, fieldErrors } from "../../api.ts";
import { FormDialog, InvalidForm, useDialogForm } from "../../components/FormDialog.tsx";
import { useApi } from "../../hooks.ts";
import { toAccountPage } from "../accounts/accounts.api.ts";
import { toProductPage } from "../catalog/catalog.api.ts";
import { type PriceList, toPriceList } from "./price-lists.api.ts";

const AMOUNT = /^\d{1,12}(\.\d{1,4})?$/;

/** "-10", "12.5" → basis points (markup may be negative), without float arithmetic. */
function markupToBasisPoints(text: string): number | null {
  const m = /^(-)?(\d{1,5})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const bp = (Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"))) * (m[1] ? -1 : 1);
  return bp >= -10_000 && bp <= 1_000_000 ? bp : null;
}

export function NewPriceListDialog({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (l: PriceList) => void;
}) {
  const [name, setName] = useState("");
  const [currency, setCurrency] = useState("");
  const [isDefault, setIsDefault] = useState(false);
  const [owner, setOwner] = useState<string | null>(null);
  const [markup, setMarkup] = useState("");
  const form = useDialogForm();
  const { errors } = form;
  const resellers = useApi(opened ? "/api/bss/accounts?kind=reseller&limit=500" : null, toAccountPage);

  async function submit() {
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = "Give the list a name";
    if (currency && !/^[A-Z]{3}$/.test(currency)) errs.currency = "A three-letter code such as EUR";
    const bp = markup.trim() ? markupToBasisPoints(markup) : null;
    if (markup.trim() && bp === null) errs.markupBasisPoints = "A percentage such as 12.5 or -10";
    if (isDefault && owner) errs.ownerAccountId = "The tenant's default list has no owner";
    if (Object.keys(errs).length > 0) throw new InvalidForm(errs);
    const created = await api.post("/api/bss/catalog/price-lists", {
      name: name.trim(),
      ...(currency ? { currency } : {}),
      isDefault,
      ownerAccountId: owner,
      markupBasisPoints: bp,
    });
    onCreated(toPriceList(created));
  }

  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title="New price list"
      form={form}
      onSubmit={submit}
      submitLabel="Create price list"
      cancelLabel="Close"
    >
      <TextInput
        label="Name"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors.name}
        required
        data-autofocus
      />
      <TextInput
        label="Currency"
        description="Empty: the tenant's"
        maxLength={3}
        value={currency}
        onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
        error={errors.currency}
      />
      <Select
        label="Reseller"
        description="A reseller's own list (one per reseller); empty for a tenant list"
        searchable
        clearable
        data={(resellers.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))}
        value={owner}
        onChange={setOwner}
        error={errors.ownerAccountId || resellers.error?.message}
      />
      <TextInput
        label="Markup over cost (%)"
        description="Prices products without an entry at cost + markup; empty: their list price"
        inputMode="decimal"
        value={markup}
        onChange={(e) => setMarkup(e.currentTarget.value)}
        error={errors.markupBasisPoints}
      />
      <Checkbox
        label="The tenant's default list"
        checked={isDefault}
        onChange={(e) => setIsDefault(e.currentTarget.checked)}
      />
    </FormDialog>
  );
}

/** Adds or replaces one product's entry (unit price per unit and commitment term, optional cost). */
export function EntryForm({ listId, onSaved }: { listId: string; onSaved: () => void }) {
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 300);
  const products = useApi(
    `/api/bss/catalog/products?limit=50${q ? `&q=${encodeURIComponent(q)}` : ""}`,
    toProductPage,
  );
  const [productId, setProductId] = useState<string | null>(null);
  const [price, setPrice] = useState("");
  const [cost, setCost] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!productId) errs.product = "Choose a product";
    if (!AMOUNT.test(price.trim())) errs.price = "A decimal amount such as 12.00";
    if (cost.trim() && !AMOUNT.test(cost.trim())) errs.cost = "A decimal amount such as 9.60";
    setErrors(errs);
    if (Object.keys(errs).length > 0) return;
    setBusy(true);
    try {
      await api.put(`/api/bss/catalog/price-lists/${encodeURIComponent(listId)}/entries`, {
        entries: [{ productId, unitPrice: price.trim(), ...(cost.trim() ? { cost: cost.trim() } : {}) }],
      });
      notifications.show({
        color: "green",
        title: "Price saved",
        message: "The entry applies to new sales.",
      });
      setProductId(null);
      setPrice("");
      setCost("");
      onSaved();
    } catch (err) {
      const f = fieldErrors(err);
      setErrors({ price: f["entries.0.unitPrice"] ?? errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Set a price">
      <Group align="flex-start" gap="sm" mb="md">
        <TextInput
          label="Find products"
          type="search"
          placeholder="Name or SKU"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: "1 1 160px" }}
        />
        <Select
          label="Product"
          searchable
          data={(products.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.sku}` }))}
          value={productId}
          onChange={setProductId}
          error={errors.product}
          style={{ flex: "2 1 240px" }}
        />
        <TextInput
          label="Unit price"
          inputMode="decimal"
          value={price}
          onChange={(e) => setPrice(e.currentTarget.value)}
          error={errors.price}
          w={{ base: "100%", xs: 120 }}
        />
        <TextInput
          label="Cost"
          inputMode="decimal"
          value={cost}
          onChange={(e) => setCost(e.currentTarget.value)}
          error={errors.cost}
          w={{ base: "100%", xs: 120 }}
        />
        <Button type="submit" loading={busy} mt={25}>
          Set price
        </Button>
      </Group>
    </form>
  );
}

export function RemoveEntryButton({
  listId,
  productId,
  onRemoved,
}: {
  listId: string;
  productId: string;
  onRemoved: () => void;
}) {
  async function remove() {
    try {
      await api.delete(
        `/api/bss/catalog/price-lists/${encodeURIComponent(listId)}/entries/${encodeURIComponent(productId)}`,
      );
      onRemoved();
    } catch (e) {
      notifications.show({ color: "red", title: "Entry not removed", message: errorMessage(e) });
    }
  }
  return (
    <Tooltip label="Remove this entry">
      <ActionIcon variant="subtle" color="red" aria-label="Remove this entry" onClick={remove}>
        <IconTrash size={16} />
      </ActionIcon>
    </Tooltip>
  );
}
