import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Group,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconLock, IconTrash } from "@tabler/icons-react";
import { type FormEvent, useEffect, useState } from "react";
import { Link } from "react-router";
import { api, errorMessage, formatDateTime } from "../../api.ts";
import { InvalidForm, useDialogForm } from "../../components/FormDialog.tsx";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { ErrorState, Loading } from "../../components/States.tsx";
import { useApi } from "../../hooks.ts";
import { type BillingOptions, formatBasisPoints, percentToBasisPoints } from "../billing/billing.api.ts";
import { toProduct, toProductPage } from "../catalog/catalog.api.ts";
import { useCanWrite } from "../session.tsx";
import { type Account, APPROVAL_LOCK_REASON, PAYMENT_METHODS, toAccount } from "./accounts.api.ts";

/** R-ORD-09: an end customer's Storefront orders wait for the reseller's approval when on. */
export function OrderApprovalSwitch({
  account,
  onChange,
}: {
  account: Account;
  onChange: (a: Account) => void;
}) {
  const [busy, setBusy] = useState(false);
  const canWrite = useCanWrite();
  async function toggle(on: boolean) {
    setBusy(true);
    try {
      const updated = toAccount(
        await api.patch(`/api/bss/accounts/${encodeURIComponent(account.id)}`, { orderApproval: on }),
      );
      notifications.show({
        color: "green",
        title: "Order Approval",
        message: on ? "Orders now wait for approval." : "Orders now run without approval.",
      });
      onChange(updated);
    } catch (e) {
      notifications.show({ color: "red", title: "Order Approval not changed", message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }
  if (account.orderApprovalLocked)
    return (
      <Switch
        label={
          <Group gap={4} component="span">
            Order Approval <IconLock size={14} aria-hidden />
          </Group>
        }
        description={APPROVAL_LOCK_REASON}
        checked
        disabled
        readOnly
      />
    );
  return (
    <Switch
      label="Order Approval"
      description="Storefront orders of this account wait for approval"
      checked={account.orderApproval}
      disabled={busy || !canWrite}
      onChange={(e) => toggle(e.currentTarget.checked)}
    />
  );
}

/**
 * R-PAY-02: how a reseller pays its distributor. Credit Card at Standard Edition locks every end
 * customer's Order Approval on (the server switches them on in the same change).
 */
export function PaymentMethodSelect({
  account,
  onChange,
}: {
  account: Account;
  onChange: (a: Account) => void;
}) {
  const [busy, setBusy] = useState(false);
  const canWrite = useCanWrite();
  async function change(method: string | null) {
    if (!method || method === account.paymentMethod) return;
    setBusy(true);
    try {
      const updated = toAccount(
        await api.patch(`/api/bss/accounts/${encodeURIComponent(account.id)}`, { paymentMethod: method }),
      );
      const locks = updated.edition === "standard" && updated.paymentMethod === "credit_card";
      notifications.show({
        color: "green",
        title: "Payment method saved",
        message: locks
          ? "Order Approval is now locked on for every customer of this reseller."
          : "Customers' Order Approval can be switched per customer.",
      });
      onChange(updated);
    } catch (e) {
      notifications.show({ color: "red", title: "Payment method not changed", message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Select
      label="Payment method"
      description="How this reseller pays you. Credit Card at Standard Edition locks its customers' Order Approval on."
      data={PAYMENT_METHODS}
      value={account.paymentMethod}
      onChange={change}
      allowDeselect={false}
      disabled={busy || !canWrite}
    />
  );
}

const BILLING_DAYS = [
  { value: "anniversary", label: "Anniversary (the start date)" },
  { value: "first", label: "1st of the month (MCMB)" },
];
const PARTIAL = [
  { value: "order_day", label: "On the order day" },
  { value: "billing_day", label: "On the next billing day" },
];

export function BillingOptionsForm({ accountId }: { accountId: string }) {
  const path = `/api/bss/accounts/${encodeURIComponent(accountId)}/billing-options`;
  const state = useApi<BillingOptions>(path);
  const [form, setForm] = useState<{
    billingDay: string;
    prorate: boolean;
    partialCharges: string;
    currency: string;
    tax: string;
    terms: string;
  } | null>(null);
  const dialog = useDialogForm();
  const { errors, error, busy } = dialog;
  const canWrite = useCanWrite();

  useEffect(() => {
    const o = state.data;
    if (o)
      setForm({
        billingDay: o.billingDay,
        prorate: o.prorate,
        partialCharges: o.partialCharges,
        currency: o.currency ?? "",
        tax: formatBasisPoints(o.taxRateBasisPoints).replace(" %", ""),
        terms: String(o.paymentTermsDays),
      });
  }, [state.data]);

  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data || !form) return <Loading />;
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });

  async function save() {
    if (!form) return;
    const errs: Record<string, string> = {};
    const tax = percentToBasisPoints(form.tax);
    if (tax === null) errs.taxRateBasisPoints = "A percentage from 0 to 100, up to two decimals";
    if (form.currency && !/^[A-Z]{3}$/.test(form.currency)) errs.currency = "A three-letter code such as EUR";
    const terms = /^\d{1,3}$/.test(form.terms.trim()) ? Number(form.terms.trim()) : null;
    if (terms === null || terms > 365) errs.paymentTermsDays = "Whole days from 0 to 365";
    if (Object.keys(errs).length > 0) throw new InvalidForm(errs);
    await api.put(path, {
      billingDay: form.billingDay,
      prorate: form.prorate,
      partialCharges: form.partialCharges,
      currency: form.currency || null,
      taxRateBasisPoints: tax,
      paymentTermsDays: terms,
    });
    notifications.show({
      color: "green",
      title: "Billing options saved",
      message: "They apply from now on.",
    });
    state.reload();
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!busy) void dialog.submit(save);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Billing options">
      <Stack gap="sm">
        {state.data.isDefault && (
          <Text size="xs" c="dimmed">
            Never set: these are the defaults.
          </Text>
        )}
        {error && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {error}
          </Alert>
        )}
        <Select
          label="Billing day"
          data={BILLING_DAYS}
          value={form.billingDay}
          onChange={(v) => v && set({ billingDay: v })}
          allowDeselect={false}
          error={errors.billingDay}
        />
        <Switch
          label="Prorate partial periods"
          checked={form.prorate}
          onChange={(e) => set({ prorate: e.currentTarget.checked })}
        />
        <Select
          label="Invoice partial charges"
          data={PARTIAL}
          value={form.partialCharges}
          onChange={(v) => v && set({ partialCharges: v })}
          allowDeselect={false}
          error={errors.partialCharges}
        />
        <Group grow align="flex-start">
          <TextInput
            label="Currency"
            description="Empty: the tenant's"
            maxLength={3}
            value={form.currency}
            onChange={(e) => set({ currency: e.currentTarget.value.toUpperCase() })}
            error={errors.currency}
          />
          <TextInput
            label="Tax rate (%)"
            inputMode="decimal"
            value={form.tax}
            onChange={(e) => set({ tax: e.currentTarget.value })}
            error={errors.taxRateBasisPoints}
          />
          <TextInput
            label="Payment terms (days)"
            description="Due date = issue date + this"
            inputMode="numeric"
            value={form.terms}
            onChange={(e) => set({ terms: e.currentTarget.value })}
            error={errors.paymentTermsDays}
          />
        </Group>
        <NoProration ids={state.data.noProrationProductIds} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy} disabled={!canWrite}>
            Save billing options
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ProductName({ id }: { id: string }) {
  const p = useApi(`/api/bss/catalog/products/${encodeURIComponent(id)}`, toProduct);
  return (
    <Anchor component={Link} to={`/bss/catalogue/products/${id}`} size="sm">
      {p.data?.name ?? id}
    </Anchor>
  );
}

function NoProration({ ids }: { ids: string[] }) {
  if (ids.length === 0)
    return (
      <Text size="xs" c="dimmed">
        Every product is prorated per these options.
      </Text>
    );
  return (
    <div>
      <Text size="sm" fw={500}>
        Billed without proration
      </Text>
      {ids.map((id) => (
        <div key={id}>
          <ProductName id={id} />
        </div>
      ))}
    </div>
  );
}

interface Publication {
  id: string;
  productId: string | null;
  productGroupId: string | null;
  publishedAt: string;
}
interface ProductGroup {
  id: string;
  name: string;
  productIds: string[];
}

/** R-CAT-07: what a Standard reseller's Storefront sells — products or product groups. */
export function Publications({ resellerId }: { resellerId: string }) {
  const base = `/api/bss/catalog/storefronts/${encodeURIComponent(resellerId)}/publications`;
  const pubs = useApi<{ items: Publication[] }>(base);
  const groups = useApi<{ items: ProductGroup[] }>("/api/bss/catalog/product-groups?limit=500");
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 300);
  const products = useApi(
    `/api/bss/catalog/products?limit=50&kind=base${q ? `&q=${encodeURIComponent(q)}` : ""}`,
    toProductPage,
  );
  const [pick, setPick] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canWrite = useCanWrite();

  async function publish() {
    if (!pick) return;
    const [kind, id] = pick.split(":");
    setBusy(true);
    try {
      await api.post(base, kind === "group" ? { productGroupId: id } : { productId: id });
      notifications.show({ color: "green", title: "Published", message: "Now orderable in the Storefront." });
      setPick(null);
      pubs.reload();
    } catch (e) {
      notifications.show({ color: "red", title: "Not published", message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }
  async function unpublish(p: Publication) {
    try {
      await api.delete(`${base}/${encodeURIComponent(p.id)}`);
      pubs.reload();
    } catch (e) {
      notifications.show({ color: "red", title: "Not unpublished", message: errorMessage(e) });
    }
  }

  const groupName = (id: string) => groups.data?.items.find((g) => g.id === id)?.name ?? id;
  const pubColumns: Column<Publication>[] = [
    {
      key: "what",
      header: "Published",
      primary: true,
      render: (p) =>
        p.productGroupId ? (
          <Text size="sm">Group: {groupName(p.productGroupId)}</Text>
        ) : p.productId ? (
          <ProductName id={p.productId} />
        ) : null,
    },
    { key: "at", header: "Since", nowrap: true, render: (p) => formatDateTime(p.publishedAt) },
    {
      key: "actions",
      header: "",
      align: "right",
      render: (p) =>
        canWrite && (
          <Tooltip label="Unpublish">
            <ActionIcon variant="subtle" color="red" aria-label="Unpublish" onClick={() => unpublish(p)}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        ),
    },
  ];
  const options = [
    {
      group: "Product groups",
      items: (groups.data?.items ?? []).map((g) => ({
        value: `group:${g.id}`,
        label: `${g.name} (${g.productIds.length})`,
      })),
    },
    {
      group: "Products",
      items: (products.data?.items ?? []).map((p) => ({
        value: `product:${p.id}`,
        label: `${p.name} · ${p.sku}`,
      })),
    },
  ];
  return (
    <Stack gap="sm">
      {pubs.error ? (
        <ErrorState error={pubs.error} onRetry={pubs.reload} />
      ) : !pubs.data ? (
        <Loading />
      ) : pubs.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing published: the Storefront sells nothing yet.
        </Text>
      ) : (
        <ItemsTable
          items={pubs.data.items}
          columns={pubColumns}
          rowKey={(p) => p.id}
          label="Published in the Storefront"
        />
      )}
      {canWrite && (
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Find products"
            type="search"
            placeholder="Name or SKU"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: "1 1 180px" }}
          />
          <Select
            label="Product or group to publish"
            placeholder="Choose"
            searchable
            data={options}
            value={pick}
            onChange={setPick}
            nothingFoundMessage="No match"
            style={{ flex: "1 1 260px" }}
          />
          <Button onClick={publish} loading={busy} disabled={!pick}>
            Publish
          </Button>
        </Group>
      )}
    </Stack>
  );
}
