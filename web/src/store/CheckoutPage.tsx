import {
  Alert,
  Button,
  Group,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { type FormEvent, useCallback, useEffect, useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { ApiError, api, formatMoney } from "../api.ts";
import { PageHeader } from "../components/PageHeader.tsx";
import { EmptyState, ErrorState, Loading } from "../components/States.tsx";
import { useApi } from "../hooks.ts";
import { BasketLines } from "./BasketLines.tsx";
import { useStore } from "./StoreLayout.tsx";
import { useMe } from "./StoreSession.tsx";
import {
  type Basket,
  type CustomerChoice,
  type Installments,
  type LineViolation,
  type Order,
  type StoreAccount,
  toStoreAccounts,
} from "./store.api.ts";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
type Who = "self" | "existing" | "new";

/**
 * Checkout (R-ORD-11): a reseller orders for itself, one of its end customers or a new one; an
 * end customer for itself. The pre-check runs for that choice (R-ORD-06's first-order details
 * depend on it) and its violations are shown on the lines they concern.
 */
export function CheckoutPage() {
  const { alias, setBasketCount } = useStore();
  const me = useMe();
  const navigate = useNavigate();
  const [who, setWho] = useState<Who>("self");
  const [accountId, setAccountId] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitError, setSubmitError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [basket, setBasket] = useState<Basket | null>(null);
  const [violations, setViolations] = useState<LineViolation[]>([]);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  const installments = useApi<Installments>("/api/storefront/basket/installments");
  const customers = useApi(
    me.isReseller ? "/api/storefront/accounts?kind=end_customer&limit=500" : null,
    toStoreAccounts,
  );

  const choice = useMemo((): CustomerChoice | undefined => {
    if (!me.isReseller) return undefined;
    if (who === "existing") return accountId ? { kind: "existing", accountId } : undefined;
    if (who === "new")
      return name.trim()
        ? { kind: "new", customer: { name: name.trim(), ...(email.trim() ? { email: email.trim() } : {}) } }
        : undefined;
    return { kind: "self" };
  }, [me.isReseller, who, accountId, name, email]);
  // The pre-check for a new customer does not depend on its name: re-run it only when the kind changes.
  const precheckChoice = useMemo(
    () => (me.isReseller && who === "new" ? { kind: "new", customer: { name: "New customer" } } : choice),
    [me.isReseller, who, choice],
  );
  const choiceKey = JSON.stringify(precheckChoice ?? null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: choiceKey and tick trigger the pre-check
  useEffect(() => {
    let live = true;
    api
      .post<Basket>("/api/storefront/basket/precheck", precheckChoice ? { customer: precheckChoice } : {})
      .then((b) => {
        if (!live) return;
        setBasket(b);
        setViolations(b.violations);
        setBasketCount(b.lines.length);
        setLoadError(null);
      })
      .catch((e: unknown) => live && setLoadError(e instanceof ApiError ? e : null));
    return () => {
      live = false;
    };
  }, [choiceKey, tick]);

  const refresh = useCallback(() => {
    setTick((t) => t + 1);
    installments.reload();
  }, [installments.reload]);

  function validate(): Record<string, string> {
    const out: Record<string, string> = {};
    if (me.isReseller && who === "existing" && !accountId) out.accountId = "Choose the customer.";
    if (me.isReseller && who === "new") {
      if (!name.trim()) out.name = "Enter the customer's name.";
      if (email.trim() && !EMAIL.test(email.trim())) out.email = "Enter a valid email address.";
    }
    return out;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = validate();
    setErrors(found);
    setSubmitError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const order = await api.post<Order>("/api/storefront/basket/checkout", {
        ...(choice ? { customer: choice } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setBasketCount(0);
      navigate(`/store/${alias}/orders/${order.id}/confirmation`);
    } catch (err) {
      if (err instanceof ApiError) {
        const list = (err.details?.violations ?? []) as LineViolation[];
        if (list.length > 0 && list.every((v) => "lineId" in v)) setViolations(list);
        const issues = (err.details?.issues ?? []) as { path: string; message: string }[];
        const fields: Record<string, string> = {};
        for (const i of issues) {
          if (i.path.endsWith("customer.name")) fields.name = i.message;
          else if (i.path.endsWith("customer.email")) fields.email = i.message;
          else if (i.path.endsWith("accountId")) fields.accountId = i.message;
        }
        setErrors(fields);
        setSubmitError(err);
      }
      setBusy(false);
    }
  }

  if (loadError) return <ErrorState error={loadError} onRetry={refresh} />;
  if (!basket) return <Loading label="Checking your basket…" />;
  if (basket.lines.length === 0)
    return (
      <>
        <PageHeader title="Checkout" />
        <EmptyState title="Your basket is empty">
          <Button component={Link} to={`/store/${alias}`} variant="light" mt="sm">
            Browse products
          </Button>
        </EmptyState>
      </>
    );

  const endCustomers: StoreAccount[] = (customers.data?.items ?? []).filter((a) => a.kind === "end_customer");
  return (
    <form onSubmit={submit} noValidate aria-label="Checkout">
      <PageHeader
        title="Checkout"
        crumbs={[{ label: "Basket", to: `/store/${alias}/basket` }]}
        description={`Ordering as ${me.account.name}`}
      />
      <Stack gap="lg">
        {me.isReseller && (
          <Paper withBorder p="md">
            <Radio.Group
              label={
                <Title order={2} fz="h5">
                  Who is this order for?
                </Title>
              }
              value={who}
              onChange={(v) => setWho(v as Who)}
            >
              <Stack gap="xs" mt="xs">
                <Radio value="self" label={`For myself (${me.account.name})`} />
                <Radio value="existing" label="For an existing customer" />
                {who === "existing" && (
                  <Select
                    label="Customer"
                    placeholder={customers.loading ? "Loading customers…" : "Choose a customer"}
                    data={endCustomers.map((c) => ({ value: c.id, label: c.name }))}
                    value={accountId}
                    onChange={setAccountId}
                    searchable
                    nothingFoundMessage="No customer of that name"
                    error={errors.accountId}
                    required
                    maw={420}
                  />
                )}
                <Radio value="new" label="For a new customer" />
                {who === "new" && (
                  <Group grow align="flex-start" wrap="wrap" preventGrowOverflow={false}>
                    <TextInput
                      label="Customer name"
                      value={name}
                      onChange={(e) => setName(e.currentTarget.value)}
                      error={errors.name}
                      required
                      miw={220}
                    />
                    <TextInput
                      label="Customer email"
                      type="email"
                      description="The order confirmation is sent here"
                      value={email}
                      onChange={(e) => setEmail(e.currentTarget.value)}
                      error={errors.email}
                      miw={220}
                    />
                  </Group>
                )}
              </Stack>
            </Radio.Group>
          </Paper>
        )}
        <BasketLines
          basket={basket}
          violations={violations}
          {...(installments.data ? { installments: installments.data } : {})}
          onChanged={refresh}
        />
        <Textarea
          label="Note for the order (optional)"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          maxLength={2000}
          autosize
          minRows={2}
        />
        {submitError && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            role="alert"
            title="The order was not placed"
          >
            {submitError.message}
          </Alert>
        )}
        <Paper withBorder p="md">
          <Group justify="space-between" wrap="wrap">
            <div>
              <Text size="sm" c="dimmed">
                Order total (first commitment term)
              </Text>
              <Text fz="xl" fw={700}>
                {formatMoney(basket.total)}
              </Text>
            </div>
            <Button type="submit" loading={busy} disabled={violations.length > 0}>
              Place order
            </Button>
          </Group>
          {violations.length > 0 && (
            <Text size="sm" c="red" mt="xs">
              Fix the issues marked above to place the order.
            </Text>
          )}
        </Paper>
      </Stack>
    </form>
  );
}
