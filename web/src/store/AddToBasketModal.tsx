import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle } from "@tabler/icons-react";
import { type FormEvent, useEffect, useState } from "react";
import { api, formatMoney } from "../api.ts";
import { Loading } from "../components/States.tsx";
import { useApi } from "../hooks.ts";
import { FeatureList } from "./ProductFeatures.tsx";
import { useStore } from "./StoreLayout.tsx";
import { type Basket, BILLING_PLAN_LABELS, type OrderableProduct, TERM_SHORT } from "./store.api.ts";
import { formErrorsOf } from "./store.errors.ts";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Field errors keyed like the API's violation fields: quantity, billingPlan, addons, serviceDetails.<key>. */
type Errors = Record<string, string>;

/** Errors of the form before it is sent: what the browser can know without the server's rules. */
export function validateLineForm(
  product: OrderableProduct,
  values: { quantity: number | string; details: Record<string, string> },
): Errors {
  const errors: Errors = {};
  const q = Number(values.quantity);
  if (values.quantity === "" || !Number.isInteger(q) || q < 1)
    errors.quantity = "Enter a whole number of licences.";
  else if (product.maxQuantity !== null && q > product.maxQuantity)
    errors.quantity = `At most ${product.maxQuantity} licences.`;
  for (const d of product.serviceDetails) {
    const v = values.details[d.key]?.trim() ?? "";
    if (v && d.kind === "email" && !EMAIL.test(v))
      errors[`serviceDetails.${d.key}`] = `${d.label} must be a valid email address.`;
    else if (!v && d.required && !d.firstOrderOnly)
      errors[`serviceDetails.${d.key}`] = `${d.label} is required.`;
  }
  return errors;
}

function FormBody({ product, onDone }: { product: OrderableProduct; onDone: () => void }) {
  const { setBasketCount } = useStore();
  const [quantity, setQuantity] = useState<number | string>(product.minQuantity);
  const [plan, setPlan] = useState(product.billingPlans[0] ?? "monthly");
  const [addons, setAddons] = useState<string[]>([]);
  const [details, setDetails] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateLineForm(product, { quantity, details });
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const serviceDetails = Object.fromEntries(
        Object.entries(details)
          .map(([k, v]) => [k, v.trim()])
          .filter(([, v]) => v),
      );
      const basket = await api.post<Basket>("/api/storefront/basket/lines", {
        productId: product.id,
        quantity: Number(quantity),
        billingPlan: plan,
        addons: addons.map((productId) => ({ productId })),
        serviceDetails,
      });
      setBasketCount(basket.lines.length);
      notifications.show({
        color: "green",
        title: "Added to your basket",
        message: `${product.name} × ${quantity}`,
      });
      onDone();
    } catch (err) {
      const found = formErrorsOf(err);
      setErrors(found.fields);
      setFormError(found.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Order ${product.name}`}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {formatMoney(product.unitPrice)} {TERM_SHORT[product.term] ?? product.term}
        </Text>
        <FeatureList features={product.features ?? []} />
        {formError && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {formError}
          </Alert>
        )}
        <NumberInput
          label="Licences"
          description={
            product.minQuantity > 1
              ? `This plan includes at least ${product.minQuantity} licences.`
              : undefined
          }
          min={1}
          max={product.maxQuantity ?? undefined}
          allowDecimal={false}
          allowNegative={false}
          value={quantity}
          onChange={setQuantity}
          error={errors.quantity}
          required
          data-autofocus
        />
        {product.billingPlans.length > 0 && (
          <Stack gap={4}>
            <Text size="sm" fw={500} id="billing-plan-label">
              Billing plan
            </Text>
            <SegmentedControl
              aria-labelledby="billing-plan-label"
              data={product.billingPlans.map((p) => ({ value: p, label: BILLING_PLAN_LABELS[p] ?? p }))}
              value={plan}
              onChange={setPlan}
              disabled={product.billingPlans.length === 1}
            />
            {errors.billingPlan && (
              <Text size="xs" c="red">
                {errors.billingPlan}
              </Text>
            )}
          </Stack>
        )}
        {product.addons.length > 0 && (
          <Checkbox.Group label="Add-ons" value={addons} onChange={setAddons} error={errors.addons}>
            <Stack gap={6} mt={6}>
              {product.addons.map((a) => (
                <Checkbox key={a.id} value={a.id} label={`${a.name} (${formatMoney(a.unitPrice)})`} />
              ))}
            </Stack>
          </Checkbox.Group>
        )}
        {product.serviceDetails.length > 0 && (
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              Service details
            </Text>
            {product.serviceDetails.map((d) => (
              <TextInput
                key={d.key}
                label={d.label}
                type={d.kind === "email" ? "email" : "text"}
                description={d.firstOrderOnly ? "Required on a new customer's first order." : undefined}
                required={d.required && !d.firstOrderOnly}
                value={details[d.key] ?? ""}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setDetails((prev) => ({ ...prev, [d.key]: v }));
                }}
                error={errors[`serviceDetails.${d.key}`]}
              />
            ))}
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Add to basket
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function AddToBasketModal({ productId, onClose }: { productId: string | null; onClose: () => void }) {
  const state = useApi<OrderableProduct>(
    productId ? `/api/storefront/catalog/products/${encodeURIComponent(productId)}` : null,
  );
  const [title, setTitle] = useState("Add to basket");
  useEffect(() => {
    if (state.data) setTitle(state.data.name);
  }, [state.data]);
  return (
    <Modal opened={productId !== null} onClose={onClose} title={title} size="lg">
      {state.error ? (
        <Alert color="red" variant="light" role="alert">
          {state.error.message}
        </Alert>
      ) : !state.data || state.data.id !== productId ? (
        <Loading label="Loading the product…" />
      ) : (
        <FormBody product={state.data} onDone={onClose} />
      )}
    </Modal>
  );
}
