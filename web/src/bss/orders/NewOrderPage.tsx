import {
  ActionIcon,
  Alert,
  Button,
  Group,
  List,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCalendarEvent, IconPlus, IconTrash } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { ApiError, api, errorMessage, formatDate, formatMoney } from "../../api.ts";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useApi } from "../../hooks.ts";
import { kindLabel, toAccountPage } from "../accounts/accounts.api.ts";
import { toProductDetail, toProductPage } from "../catalog/catalog.api.ts";
import { type Order, orderTitle } from "./orders.api.ts";

interface DetailField {
  key: string;
  label: string;
  kind: "text" | "email";
  required: boolean;
}

interface Line {
  key: number;
  productId: string | null;
  quantity: string | number;
  details: Record<string, string>;
  /** Issue 13 (R-TEN-02): YYYY-MM-DD; empty = starts when the order is executed. */
  startDate: string;
}

interface OrderViolation {
  code: string;
  message: string;
  line: number | null;
  field: string;
}

interface Preview {
  preview: true;
  violations: OrderViolation[];
  order: Order;
}

const PREVIEW_COLUMNS: Column<Order["lines"][number]>[] = [
  { key: "product", header: "Product", primary: true, render: (l) => l.productName },
  { key: "quantity", header: "Licences", align: "right", render: (l) => l.quantity },
  {
    key: "starts",
    header: "Starts",
    nowrap: true,
    render: (l) => (l.startDate ? formatDate(l.startDate) : "When executed"),
  },
  { key: "unitPrice", header: "Unit price", nowrap: true, render: (l) => formatMoney(l.unitPrice) },
  { key: "total", header: "Total", align: "right", nowrap: true, render: (l) => formatMoney(l.total) },
];

let nextKey = 1;
const newLine = (): Line => ({ key: nextKey++, productId: null, quantity: 1, details: {}, startDate: "" });

function ProductPicker({
  value,
  onChange,
  error,
}: {
  value: string | null;
  onChange: (v: string | null) => void;
  error?: string | undefined;
}) {
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 300);
  const products = useApi(
    `/api/bss/catalog/products?limit=50&kind=base&status=active${q ? `&q=${encodeURIComponent(q)}` : ""}`,
    toProductPage,
  );
  return (
    <Group align="flex-start" gap="sm" grow>
      <TextInput
        label="Find products"
        type="search"
        placeholder="Name or SKU"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
      />
      <Select
        label="Product"
        searchable
        data={(products.data?.items ?? []).map((p) => ({
          value: p.id,
          label: `${p.name} · ${p.sku} · ${formatMoney(p.listPrice)}`,
        }))}
        value={value}
        onChange={onChange}
        error={error}
        required
      />
    </Group>
  );
}

/** The product's service details (R-ORD-06: asked at checkout, per the product type). */
function LineDetails({
  line,
  onChange,
  errors,
}: {
  line: Line;
  onChange: (l: Line) => void;
  errors: Record<string, string>;
}) {
  const product = useApi(
    line.productId ? `/api/bss/catalog/products/${encodeURIComponent(line.productId)}` : null,
    toProductDetail,
  );
  const fields = ((product.data?.effectivePolicies.serviceDetails ?? []) as DetailField[]).filter(Boolean);
  if (fields.length === 0) return null;
  return (
    <Group align="flex-start" gap="sm" grow>
      {fields.map((f) => (
        <TextInput
          key={f.key}
          label={f.label}
          type={f.kind === "email" ? "email" : "text"}
          required={f.required}
          value={line.details[f.key] ?? ""}
          onChange={(e) =>
            onChange({ ...line, details: { ...line.details, [f.key]: e.currentTarget.value } })
          }
          error={errors[`serviceDetails.${f.key}`]}
        />
      ))}
    </Group>
  );
}

/** A back-office order for a customer: pre-checked by the server (preview), then placed and executed. */
export function NewOrderPage() {
  const navigate = useNavigate();
  const [customerSearch, setCustomerSearch] = useState("");
  const [cq] = useDebouncedValue(customerSearch.trim(), 300);
  const accounts = useApi(
    `/api/bss/accounts?limit=50${cq ? `&q=${encodeURIComponent(cq)}` : ""}`,
    toAccountPage,
  );
  const [accountId, setAccountId] = useState<string | null>(null);
  const [lines, setLines] = useState<Line[]>([newLine()]);
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"preview" | "place" | null>(null);

  const lineErrors = (i: number) => {
    const out: Record<string, string> = {};
    for (const v of preview?.violations ?? []) if (v.line === i) out[v.field] = `${v.code}: ${v.message}`;
    for (const [k, v] of Object.entries(errors))
      if (k.startsWith(`${i}.`)) out[k.slice(String(i).length + 1)] = v;
    return out;
  };

  function body(): Record<string, unknown> | null {
    const errs: Record<string, string> = {};
    if (!accountId) errs.account = "Choose the customer";
    lines.forEach((l, i) => {
      if (!l.productId) errs[`${i}.productId`] = "Choose a product";
      const n = Number(l.quantity);
      if (l.quantity === "" || !Number.isInteger(n) || n < 1) errs[`${i}.quantity`] = "At least 1 licence";
      if (l.startDate && !/^\d{4}-\d{2}-\d{2}$/.test(l.startDate))
        errs[`${i}.startDate`] = "A date (YYYY-MM-DD)";
    });
    setErrors(errs);
    if (Object.keys(errs).length > 0) return null;
    return {
      accountId,
      lines: lines.map((l) => ({
        productId: l.productId,
        quantity: Number(l.quantity),
        serviceDetails: Object.fromEntries(Object.entries(l.details).filter(([, v]) => v.trim() !== "")),
        ...(l.startDate ? { startDate: l.startDate } : {}),
      })),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
  }

  /** A 400 naming line fields (e.g. `lines.0.startDate`: a past start date) marks those fields. */
  function showFieldErrors(err: unknown): boolean {
    const issues = err instanceof ApiError ? err.details?.issues : undefined;
    if (!Array.isArray(issues)) return false;
    const found: Record<string, string> = {};
    for (const issue of issues as Array<{ path?: string; message?: string }>) {
      const m = /^(?:body\.)?lines\.(\d+)\.(.+)$/.exec(issue.path ?? "");
      if (m) found[`${m[1]}.${m[2]}`] = issue.message ?? "Invalid";
    }
    if (Object.keys(found).length === 0) return false;
    setErrors(found);
    return true;
  }

  async function runPreview(e?: FormEvent) {
    e?.preventDefault();
    const b = body();
    if (!b) return;
    setBusy("preview");
    setError(null);
    try {
      setPreview(await api.post<Preview>("/api/bss/orders?dryRun=true", b));
    } catch (err) {
      setPreview(null);
      setError(errorMessage(err));
      showFieldErrors(err);
    } finally {
      setBusy(null);
    }
  }

  async function place() {
    const b = body();
    if (!b) return;
    setBusy("place");
    setError(null);
    try {
      const order = await api.post<Order>("/api/bss/orders", b);
      notifications.show({
        color: "green",
        title: "Order placed",
        message: `${orderTitle(order)} is ${order.status}.`,
      });
      navigate(`/bss/orders/${order.id}`);
    } catch (err) {
      setError(errorMessage(err));
      showFieldErrors(err);
      const list = err instanceof ApiError ? err.details?.violations : undefined;
      if (Array.isArray(list) && preview) setPreview({ ...preview, violations: list as OrderViolation[] });
    } finally {
      setBusy(null);
    }
  }

  const update = (i: number, l: Line) => {
    setLines(lines.map((x, j) => (j === i ? l : x)));
    setPreview(null);
  };
  const general = (preview?.violations ?? []).filter((v) => v.line === null);
  const canPlace = preview !== null && preview.violations.length === 0;

  return (
    <>
      <PageHeader
        title="New order"
        crumbs={[{ label: "Orders", to: "/bss/orders" }]}
        description="Placed for a customer, pre-checked, then submitted and executed at once."
      />
      <form onSubmit={runPreview} noValidate aria-label="New order">
        <Stack gap="lg">
          <Paper p="md">
            <Title order={3} fz="h4" mb="sm">
              Customer
            </Title>
            <Group align="flex-start" gap="sm" grow>
              <TextInput
                label="Find customers"
                type="search"
                placeholder="Name or email"
                value={customerSearch}
                onChange={(e) => setCustomerSearch(e.currentTarget.value)}
              />
              <Select
                label="Customer"
                searchable
                data={(accounts.data?.items ?? []).map((a) => ({
                  value: a.id,
                  label: `${a.name} (${kindLabel(a.kind)})`,
                }))}
                value={accountId}
                onChange={(v) => {
                  setAccountId(v);
                  setPreview(null);
                }}
                error={errors.account}
                required
              />
            </Group>
          </Paper>
          {lines.map((l, i) => {
            const le = lineErrors(i);
            return (
              <Paper p="md" key={l.key} aria-label={`Line ${i + 1}`} component="section">
                <Group justify="space-between" mb="sm">
                  <Title order={3} fz="h4">
                    Line {i + 1}
                  </Title>
                  {lines.length > 1 && (
                    <Tooltip label="Remove this line">
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove line ${i + 1}`}
                        onClick={() => {
                          setLines(lines.filter((_, j) => j !== i));
                          setPreview(null);
                        }}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Group>
                <Stack gap="sm">
                  <ProductPicker
                    value={l.productId}
                    onChange={(v) => update(i, { ...l, productId: v, details: {} })}
                    error={le.productId}
                  />
                  <Group align="flex-start" gap="sm">
                    <NumberInput
                      label="Licences"
                      min={1}
                      allowDecimal={false}
                      value={l.quantity}
                      onChange={(v) => update(i, { ...l, quantity: v })}
                      error={le.quantity}
                      w={{ base: "100%", xs: 160 }}
                      required
                    />
                    <TextInput
                      type="date"
                      label="Start date"
                      description="Empty: starts when executed. A later day: Inactive and unbilled until then."
                      value={l.startDate}
                      onChange={(e) => update(i, { ...l, startDate: e.currentTarget.value })}
                      error={le.startDate}
                      w={{ base: "100%", xs: 320 }}
                    />
                  </Group>
                  <LineDetails line={l} onChange={(x) => update(i, x)} errors={le} />
                  {Object.entries(le)
                    .filter(
                      ([k]) =>
                        !["productId", "quantity", "startDate"].includes(k) &&
                        !k.startsWith("serviceDetails."),
                    )
                    .map(([k, v]) => (
                      <Text key={k} size="sm" c="red" role="alert">
                        {v}
                      </Text>
                    ))}
                </Stack>
              </Paper>
            );
          })}
          <Group>
            <Button
              variant="light"
              leftSection={<IconPlus size={16} />}
              onClick={() => {
                setLines([...lines, newLine()]);
                setPreview(null);
              }}
            >
              Add line
            </Button>
          </Group>
          <Textarea
            label="Note"
            autosize
            minRows={2}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          {error && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {error}
            </Alert>
          )}
          {general.length > 0 && (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertTriangle size={18} />}
              title="This order is not possible"
              role="alert"
            >
              <List size="sm">
                {general.map((v) => (
                  <List.Item key={`${v.code}-${v.message}`}>
                    {v.code}: {v.message}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          {preview && (
            <Paper p="md" data-testid="order-preview">
              <Title order={3} fz="h4" mb="sm">
                Preview
              </Title>
              <ItemsTable
                items={preview.order.lines}
                columns={PREVIEW_COLUMNS}
                rowKey={(l) => l.id}
                label="Order preview"
                footer={[
                  {
                    key: "total",
                    label: "Total",
                    strong: true,
                    cells: {
                      total: <span data-testid="order-total">{formatMoney(preview.order.total)}</span>,
                    },
                  },
                ]}
              />
              {preview.order.lines
                .filter((l) => l.startNote)
                .map((l) => (
                  <Alert
                    key={l.id}
                    color="blue"
                    variant="light"
                    mt="sm"
                    icon={<IconCalendarEvent size={18} />}
                    data-testid="start-note"
                  >
                    {l.productName}: {l.startNote}
                  </Alert>
                ))}
              {preview.violations.length > 0 && (
                <Text size="sm" c="red" mt="sm">
                  Fix what is marked above, then preview again.
                </Text>
              )}
            </Paper>
          )}
          <Group justify="flex-end">
            <Button type="submit" variant="default" loading={busy === "preview"}>
              Preview
            </Button>
            <Button onClick={place} loading={busy === "place"} disabled={!canPlace}>
              Place order
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
