import { Alert, Checkbox, Group, MultiSelect, NumberInput, SegmentedControl, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { api } from "../../api.ts";
import { FormDialog, InvalidForm, useDialogForm } from "../../components/FormDialog.tsx";
import { useApi } from "../../hooks.ts";
import { toProductPage } from "../catalog/catalog.api.ts";
import { formatBasisPoints, type Promotion, percentToBasisPoints } from "./promotions.api.ts";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const AMOUNT = /^\d{1,12}(\.\d{1,4})?$/;

/** Create (promotion null) or edit a promotion (R-PRM-01). */
export function PromotionDialog({
  promotion,
  opened,
  onClose,
  onSaved,
}: {
  promotion: Promotion | null;
  opened: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [name, setName] = useState("");
  const [startDate, setStartDate] = useState("");
  const [endDate, setEndDate] = useState("");
  const [terms, setTerms] = useState<string[]>(["MCMB"]);
  const [kind, setKind] = useState<Promotion["kind"]>("limited_recurring");
  const [cycles, setCycles] = useState<number | string>(2);
  const [valueType, setValueType] = useState<Promotion["valueType"]>("percentage");
  const [percent, setPercent] = useState("");
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState("");
  const [newCustomersOnly, setNewCustomersOnly] = useState(false);
  const [productIds, setProductIds] = useState<string[]>([]);
  const [prerequisites, setPrerequisites] = useState<string[]>([]);
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 300);
  const products = useApi(
    opened ? `/api/bss/catalog/products?limit=100${q ? `&q=${encodeURIComponent(q)}` : ""}` : null,
    toProductPage,
  );
  const form = useDialogForm();
  const { errors, reset } = form;

  useEffect(() => {
    if (!opened) return;
    const p = promotion;
    setName(p?.name ?? "");
    setStartDate(p?.startDate ?? "");
    setEndDate(p?.endDate ?? "");
    setTerms(p?.terms ?? ["MCMB"]);
    setKind(p?.kind ?? "limited_recurring");
    setCycles(p?.cycles ?? 2);
    setValueType(p?.valueType ?? "percentage");
    setPercent(p?.basisPoints ? formatBasisPoints(p.basisPoints).replace(" %", "") : "");
    setAmount(p?.amount?.decimal ?? "");
    setCurrency(p?.amount?.currency ?? "");
    setNewCustomersOnly(p?.newCustomersOnly ?? false);
    setProductIds(p?.productIds ?? []);
    setPrerequisites(p?.prerequisiteProductIds ?? []);
    reset();
  }, [opened, promotion, reset]);

  // Selected products stay in the options whatever the search shows.
  const known = new Map((products.data?.items ?? []).map((p) => [p.id, `${p.name} (${p.sku})`]));
  const options = [...new Set([...known.keys(), ...productIds, ...prerequisites])].map((id) => ({
    value: id,
    label: known.get(id) ?? id,
  }));

  async function submit() {
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = "Give the promotion a name";
    if (!DATE.test(startDate)) errs.startDate = "A date such as 2026-03-01";
    if (endDate && !DATE.test(endDate)) errs.endDate = "A date such as 2026-03-31, or empty";
    if (productIds.length === 0) errs.productIds = "Choose at least one product";
    if (terms.length === 0) errs.terms = "Choose at least one term";
    const bp = valueType === "percentage" ? percentToBasisPoints(percent) : null;
    if (valueType === "percentage" && bp === null) errs.basisPoints = "A percentage such as 20 or 12.5";
    if (valueType === "monetary" && !AMOUNT.test(amount.trim())) errs.amount = "An amount such as 5.00";
    if (kind === "limited_recurring" && !(Number(cycles) >= 1)) errs.cycles = "At least 1 cycle";
    if (Object.keys(errs).length > 0) throw new InvalidForm(errs);
    const body = {
      name: name.trim(),
      startDate,
      endDate: endDate || null,
      terms,
      productIds,
      prerequisiteProductIds: prerequisites,
      kind,
      cycles: kind === "limited_recurring" ? Number(cycles) : null,
      valueType,
      basisPoints: valueType === "percentage" ? bp : null,
      amount: valueType === "monetary" ? amount.trim() : null,
      currency: valueType === "monetary" && currency ? currency : null,
      newCustomersOnly,
    };
    if (promotion) await api.patch(`/api/bss/catalog/promotions/${promotion.id}`, body);
    else await api.post("/api/bss/catalog/promotions", body);
    onSaved();
  }

  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={promotion ? `Edit ${promotion.name}` : "New promotion"}
      size="lg"
      form={form}
      onSubmit={submit}
      submitLabel={promotion ? "Save" : "Create promotion"}
      cancelLabel="Close"
    >
      {promotion && (
        <Alert color="blue" variant="light">
          Subscriptions already ordered with this promotion keep what they got; edits apply to later orders.
        </Alert>
      )}
      <TextInput
        label="Name"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors.name}
        required
        data-autofocus
      />
      <Group grow>
        <TextInput
          label="Start date"
          placeholder="YYYY-MM-DD"
          value={startDate}
          onChange={(e) => setStartDate(e.currentTarget.value)}
          error={errors.startDate}
          required
        />
        <TextInput
          label="End date"
          placeholder="YYYY-MM-DD (empty: open)"
          value={endDate}
          onChange={(e) => setEndDate(e.currentTarget.value)}
          error={errors.endDate}
        />
      </Group>
      <MultiSelect
        label="Products"
        description="What the promotion discounts"
        searchable
        data={options}
        value={productIds}
        onChange={setProductIds}
        searchValue={search}
        onSearchChange={setSearch}
        error={errors.productIds}
        required
      />
      <Checkbox.Group label="Commitment terms" value={terms} onChange={setTerms} error={errors.terms}>
        <Group mt={4}>
          <Checkbox value="MCMB" label="MCMB" />
          <Checkbox value="AC1M" label="AC1M" />
          <Checkbox value="AC1Y" label="AC1Y" />
        </Group>
      </Checkbox.Group>
      <SegmentedControl
        aria-label="Kind"
        value={kind}
        onChange={(v) => setKind(v as Promotion["kind"])}
        data={[
          { value: "one_time", label: "One Time" },
          { value: "recurring", label: "Recurring" },
          { value: "limited_recurring", label: "Limited Recurring" },
        ]}
      />
      {kind === "limited_recurring" && (
        <NumberInput
          label="Cycles"
          description="The first N billing cycles (a partial first period counts as the first)"
          min={1}
          max={1000}
          value={cycles}
          onChange={setCycles}
          error={errors.cycles}
        />
      )}
      <SegmentedControl
        aria-label="Value"
        value={valueType}
        onChange={(v) => setValueType(v as Promotion["valueType"])}
        data={[
          { value: "percentage", label: "Percentage" },
          { value: "monetary", label: "Monetary" },
        ]}
      />
      {valueType === "percentage" ? (
        <TextInput
          label="Percentage off per unit"
          inputMode="decimal"
          value={percent}
          onChange={(e) => setPercent(e.currentTarget.value)}
          error={errors.basisPoints}
        />
      ) : (
        <Group grow>
          <TextInput
            label="Amount off per unit"
            description="Off the unit price per commitment term"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
            error={errors.amount}
          />
          <TextInput
            label="Currency"
            description="Empty: the tenant's"
            maxLength={3}
            value={currency}
            onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
            error={errors.currency}
          />
        </Group>
      )}
      <Checkbox
        label="New customers only"
        checked={newCustomersOnly}
        onChange={(e) => setNewCustomersOnly(e.currentTarget.checked)}
      />
      <MultiSelect
        label="Prerequisite products"
        description="The customer must hold an active subscription of one of them (empty: none)"
        searchable
        data={options}
        value={prerequisites}
        onChange={setPrerequisites}
        error={errors.prerequisiteProductIds}
      />
    </FormDialog>
  );
}
