import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconAlertTriangle, IconTrash } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { ApiError, formatMoney, request } from "../api.ts";
import { ItemsTable } from "../components/list/ListView.tsx";
import type { Column } from "../components/list/list.types.ts";
import { useApi } from "../hooks.ts";
import {
  type Basket,
  type BasketLine,
  BILLING_PLAN_LABELS,
  type Installments,
  type LineViolation,
  type OrderableProduct,
  promotionCycles,
  TERM_SHORT,
} from "./store.api.ts";

/** A violation's text with its rule ID, as shown next to the field it concerns. */
type AddonRow = { a: BasketLine["addons"][number]; errs: LineViolation[] };

const ADDON_COLUMNS: Column<AddonRow>[] = [
  { key: "name", header: "Add-on", primary: true, render: ({ a }) => a.name },
  { key: "quantity", header: "Quantity", align: "right", render: ({ a }) => `× ${a.quantity}` },
  { key: "total", header: "Total", align: "right", nowrap: true, render: ({ a }) => formatMoney(a.total) },
  {
    key: "problem",
    header: "",
    render: ({ errs }) =>
      errs.length > 0 && (
        <Text size="sm" c="red" role="alert" component="span">
          {joinErrors(errs)}
        </Text>
      ),
  },
];

function ruleText(v: LineViolation): string {
  return `${v.message} (${v.code})`;
}

function joinErrors(list: LineViolation[]): string | undefined {
  return list.length ? list.map(ruleText).join(" ") : undefined;
}

const PLANS = ["monthly", "one_off"];

function LineCard({
  line,
  violations,
  installments,
  editable,
  onChanged,
}: {
  line: BasketLine;
  violations: LineViolation[];
  installments: Installments["lines"][number] | undefined;
  editable: boolean;
  onChanged: (basket?: Basket) => void;
}) {
  // The product type's service details (Reseller ID, Email…); an unpublished product has none to offer.
  const product = useApi<OrderableProduct>(
    `/api/storefront/catalog/products/${encodeURIComponent(line.productId)}`,
  );
  const [quantity, setQuantity] = useState<number | string>(line.quantity);
  const [details, setDetails] = useState<Record<string, string>>(line.serviceDetails);
  const [localError, setLocalError] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => setQuantity(line.quantity), [line.quantity]);
  useEffect(() => setDetails(line.serviceDetails), [line.serviceDetails]);

  const at = (field: string) => violations.filter((v) => v.field === field);
  const startsWith = (prefix: string) => violations.filter((v) => v.field.startsWith(prefix));
  const known = new Set(["quantity", "billingPlan"]);
  const other = violations.filter(
    (v) => !known.has(v.field) && !v.field.startsWith("addons") && !v.field.startsWith("serviceDetails."),
  );

  async function patch(body: Record<string, unknown>, field: string) {
    setBusy(true);
    setFailure(null);
    setLocalError({});
    try {
      const basket = await request<Basket>(`/api/storefront/basket/lines/${encodeURIComponent(line.id)}`, {
        method: "PATCH",
        body,
      });
      onChanged(basket);
    } catch (e) {
      const message = e instanceof ApiError ? e.message : "The change could not be saved.";
      setLocalError({ [field]: message });
    } finally {
      setBusy(false);
    }
  }

  function saveQuantity() {
    const q = Number(quantity);
    if (quantity === "" || !Number.isInteger(q) || q < 1) {
      setLocalError({ quantity: "Enter a whole number of licences (at least 1)." });
      return;
    }
    if (q !== line.quantity) void patch({ quantity: q }, "quantity");
  }

  function saveDetail(key: string) {
    const value = details[key]?.trim() ?? "";
    if ((line.serviceDetails[key] ?? "") === value) return;
    const next = { ...line.serviceDetails, [key]: value };
    if (!value) delete next[key];
    void patch({ serviceDetails: next }, `serviceDetails.${key}`);
  }

  async function remove() {
    setBusy(true);
    try {
      await request(`/api/storefront/basket/lines/${encodeURIComponent(line.id)}`, { method: "DELETE" });
      onChanged();
    } catch (e) {
      setFailure(e instanceof ApiError ? e.message : "The line could not be removed.");
      setBusy(false);
    }
  }

  const tiedMismatch = startsWith("addons").some((v) => v.code === "R-SGN-04");
  const defs = product.data?.serviceDetails ?? [];
  const detailKeys = [...new Set([...defs.map((d) => d.key), ...Object.keys(line.serviceDetails)])];

  return (
    <Paper withBorder p="md" radius="md" component="article" aria-label={`Basket line ${line.productName}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Title order={3} fz="h5">
              {line.productName}
            </Title>
            <Text size="xs" c="dimmed">
              {line.sku} · {TERM_SHORT[line.term] ?? line.term}
              {line.unitPrice ? ` · ${formatMoney(line.unitPrice)} per licence` : ""}
            </Text>
            {line.promotion && (
              <Text size="xs" c="green.8" fw={600} data-testid="line-promotion">
                Promotion {line.promotion.name}: {formatMoney(line.promotion.promotedUnitPrice)} per licence (
                {promotionCycles(line.promotion)})
              </Text>
            )}
          </div>
          <Group gap="xs" wrap="nowrap">
            <Text fw={600} data-testid="line-total">
              {formatMoney(line.total)}
            </Text>
            {editable && (
              <Tooltip label="Remove from basket">
                <ActionIcon
                  variant="subtle"
                  color="red"
                  onClick={remove}
                  loading={busy}
                  aria-label={`Remove ${line.productName}`}
                >
                  <IconTrash size={18} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        </Group>
        {(other.length > 0 || failure) && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert" p="xs">
            {failure ?? other.map(ruleText).join(" ")}
          </Alert>
        )}
        <Group align="flex-start" gap="md" grow preventGrowOverflow={false} wrap="wrap">
          <NumberInput
            label="Licences"
            min={1}
            allowDecimal={false}
            allowNegative={false}
            value={quantity}
            onChange={setQuantity}
            onBlur={saveQuantity}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                saveQuantity();
              }
            }}
            disabled={!editable || busy}
            error={localError.quantity ?? joinErrors(at("quantity"))}
            maw={220}
            miw={140}
          />
          <Stack gap={4} miw={220} maw={320}>
            <Text size="sm" fw={500} id={`plan-${line.id}`}>
              Billing plan
            </Text>
            <SegmentedControl
              aria-labelledby={`plan-${line.id}`}
              data={PLANS.map((p) => ({ value: p, label: BILLING_PLAN_LABELS[p] ?? p }))}
              value={line.billingPlan}
              onChange={(p) => void patch({ billingPlan: p }, "billingPlan")}
              disabled={!editable || busy}
            />
            {(localError.billingPlan || at("billingPlan").length > 0) && (
              <Text size="xs" c="red" role="alert" data-testid="billing-plan-error">
                {localError.billingPlan ?? joinErrors(at("billingPlan"))}
              </Text>
            )}
          </Stack>
        </Group>
        {installments && (
          <Text size="sm" data-testid="installments">
            Billed in {installments.count} monthly installments of {formatMoney(installments.amount)}
            {installments.last.minor !== installments.amount.minor
              ? ` (the last one ${formatMoney(installments.last)})`
              : ""}
            , {formatMoney(installments.total)} in total.
          </Text>
        )}
        {(line.addons.length > 0 || startsWith("addons").length > 0) && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Add-ons
            </Text>
            {line.addons.length > 0 && (
              <ItemsTable
                items={line.addons.map((a, i) => ({ a, errs: startsWith(`addons.${i}.`) }))}
                columns={ADDON_COLUMNS}
                rowKey={({ a }) => a.productId}
                label="Add-ons"
              />
            )}
            {at("addons").length > 0 && (
              <Text size="xs" c="red" role="alert" data-testid="addons-error">
                {joinErrors(at("addons"))}
              </Text>
            )}
            {editable && tiedMismatch && (
              <Group>
                <Button
                  size="xs"
                  variant="light"
                  onClick={() =>
                    void patch({ addons: line.addons.map((a) => ({ productId: a.productId })) }, "addons")
                  }
                >
                  Match add-ons to {line.quantity} licences
                </Button>
              </Group>
            )}
          </Stack>
        )}
        {detailKeys.length > 0 && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Service details
            </Text>
            <Group align="flex-start" grow wrap="wrap" preventGrowOverflow={false}>
              {detailKeys.map((key) => {
                const def = defs.find((d) => d.key === key);
                return (
                  <TextInput
                    key={key}
                    miw={220}
                    label={def?.label ?? key}
                    type={def?.kind === "email" ? "email" : "text"}
                    description={def?.firstOrderOnly ? "Required on a new customer's first order" : undefined}
                    value={details[key] ?? ""}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      setDetails((d) => ({ ...d, [key]: v }));
                    }}
                    onBlur={() => saveDetail(key)}
                    disabled={!editable || busy}
                    error={localError[`serviceDetails.${key}`] ?? joinErrors(at(`serviceDetails.${key}`))}
                  />
                );
              })}
            </Group>
          </Stack>
        )}
        {violations.length > 0 && (
          <Group gap={4}>
            {[...new Set(violations.map((v) => v.code))].map((c) => (
              <Badge key={c} color="red" variant="light" size="sm">
                {c}
              </Badge>
            ))}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** The basket's lines, each with its pre-check violations shown next to the field they concern. */
export function BasketLines({
  basket,
  violations,
  installments,
  editable = true,
  onChanged,
}: {
  basket: Basket;
  violations: LineViolation[];
  installments?: Installments;
  editable?: boolean;
  onChanged: (basket?: Basket) => void;
}) {
  const orphan = violations.filter((v) => v.lineId === null);
  return (
    <Stack gap="md">
      {orphan.length > 0 && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
          {orphan.map(ruleText).join(" ")}
        </Alert>
      )}
      {basket.lines.map((l) => (
        <LineCard
          key={l.id}
          line={l}
          violations={violations.filter((v) => v.lineId === l.id)}
          installments={installments?.lines.find((i) => i.lineId === l.id)}
          editable={editable}
          onChanged={onChanged}
        />
      ))}
    </Stack>
  );
}
