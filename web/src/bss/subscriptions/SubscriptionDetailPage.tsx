import { Alert, Anchor, Badge, Button, Grid, Group, Paper, Stack, Text, Title, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconAlertTriangle,
  IconCalendarEvent,
  IconHourglass,
  IconInfoCircle,
  IconRefresh,
} from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { Link, useParams } from "react-router";
import { api, errorMessage, formatDate, formatDateTime, formatMoney, labelOf } from "../../api.ts";
import { CancellationRibbon } from "../../components/CancellationRequests.tsx";
import { ItemsTable, ListView } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { NotFoundPage } from "../../components/NotFoundPage.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { humanize, KeyValueTable, StatusBadge, TermBadge } from "../../components/Values.tsx";
import { useFollowVendor, VendorAnswer } from "../../components/VendorFollow.tsx";
import { useApi } from "../../hooks.ts";
import { toAccount } from "../accounts/accounts.api.ts";
import { BillingLines } from "../billing/BillingLines.tsx";
import { formatBasisPoints, type InstallmentPlan, toChargeList } from "../billing/billing.api.ts";
import { toProduct } from "../catalog/catalog.api.ts";
import { OrderName } from "../orders/OrderName.tsx";
import { useCanWrite } from "../session.tsx";
import { ActionDialog, ActionsMenu } from "./SubscriptionActions.tsx";
import {
  type ActionKey,
  type CommandOutcome,
  type HistoryEntry,
  isManagedCopy,
  type Provisioning,
  type SubscriptionDetails,
  toHistoryPage,
  toSubscriptionDetails,
} from "./subscriptions.api.ts";

const CRUMBS = [{ label: "Subscriptions", to: "/bss/subscriptions" }];

function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Paper p="md" h="100%">
      <Group justify="space-between" mb="sm">
        <Title order={3} fz="h4">
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}

function AccountLink({ id }: { id: string }) {
  const account = useApi(`/api/bss/accounts/${encodeURIComponent(id)}`, toAccount);
  return (
    <Anchor component={Link} to={`/bss/accounts/${id}`} size="sm">
      {account.data?.name ?? id}
    </Anchor>
  );
}

function ProductLink({ id }: { id: string }) {
  const product = useApi(`/api/bss/catalog/products/${encodeURIComponent(id)}`, toProduct);
  return (
    <Anchor component={Link} to={`/bss/catalogue/products/${id}`} size="sm">
      {product.data?.name ?? id}
    </Anchor>
  );
}

/** AC1M: a commitment for the year billed in 12 installments; the tooltip summarises the plan. */
function TermWithPlan({ s }: { s: SubscriptionDetails }) {
  const plan = useApi<{ plan: InstallmentPlan | null }>(
    s.term === "AC1M" ? `/api/bss/subscriptions/${encodeURIComponent(s.id)}/installment-plan` : null,
  );
  const p = plan.data?.plan;
  if (s.term !== "AC1M" || !p) return <TermBadge term={s.term} />;
  const label = (
    <Stack gap={2}>
      <Text size="sm" fw={600}>
        Installment plan {formatDate(p.planStart)} – {formatDate(p.planEnd)}
      </Text>
      <Text size="sm">
        {p.invoiced} of {p.installments} installments invoiced, {p.remaining} remaining
        {p.excluded ? `, ${p.excluded} excluded` : ""}
      </Text>
      {p.nextInvoiceDate && (
        <Text size="sm">
          Next invoice {formatDate(p.nextInvoiceDate)}: {formatMoney(p.nextInvoiceAmount)}
        </Text>
      )}
    </Stack>
  );
  return (
    <Tooltip label={label} multiline w={300} withArrow events={{ hover: true, focus: true, touch: true }}>
      <Group
        gap={4}
        tabIndex={0}
        data-testid="installment-plan"
        style={{ cursor: "help", display: "inline-flex" }}
      >
        <TermBadge term={s.term} />
        <Text size="sm">
          {p.invoiced}/{p.installments} installments
        </Text>
        <IconInfoCircle size={16} aria-label="Installment plan details" />
      </Group>
    </Tooltip>
  );
}

function Details({ s }: { s: SubscriptionDetails }) {
  return (
    <KeyValueTable
      labels={{ id: "ID", unitCost: "Unit cost", adminEmail: "Team admin", externalId: "Vendor ID" }}
      data={{
        id: <span className="mono">{s.id}</span>,
        customer: <AccountLink id={s.accountId} />,
        reseller: s.resellerAccountId ? <AccountLink id={s.resellerAccountId} /> : null,
        ...(s.billToAccountId && s.billToAccountId !== s.accountId
          ? { billTo: <AccountLink id={s.billToAccountId} /> }
          : {}),
        ...(s.subscriptionType ? { subscriptionType: s.subscriptionType } : {}),
        product: <ProductLink id={s.productId} />,
        term: <TermWithPlan s={s} />,
        billingPlan: humanize(s.billingPlan),
        quantity: s.quantity,
        unitPrice: s.unitPrice,
        unitCost: s.unitCost,
        priceProtection: s.priceProtection,
        discount: s.discountBasisPoints ? formatBasisPoints(s.discountBasisPoints) : null,
        promotion: s.promotion
          ? `${s.promotion.name}: ${
              s.promotion.valueType === "percentage"
                ? formatBasisPoints(Number(s.promotion.value))
                : `${s.promotion.amount?.decimal ?? ""} ${s.promotion.amount?.currency ?? ""}`
            } off per unit, ${
              s.promotion.cycles === null
                ? "every cycle"
                : s.promotion.cycles === 1
                  ? "first cycle"
                  : `first ${s.promotion.cycles} cycles`
            }`
          : null,
        order: s.orderId ? <OrderName id={s.orderId} /> : null,
        ...(s.awaitingStart ? { starts: formatDate(s.startDate) } : { started: formatDate(s.startDate) }),
        ordered: s.orderDate !== s.startDate ? formatDate(s.orderDate) : null,
        currentTerm: `${formatDate(s.termStartDate)} – ${formatDate(s.termEndDate)}`,
        changeWindow: `${formatDate(s.windowStartDate)} – ${formatDate(s.windowEndDate)}${s.awaitingStart ? " (from the start date)" : s.withinWindow ? " (open)" : " (closed)"}`,
        nextRenewal: formatDate(s.nextRenewalDate),
        trialEnds: s.isTrial ? formatDate(s.trialEndDate) : null,
        renewAutomatically: s.autoRenew,
        cancelEffective: s.cancelEffectiveDate ? formatDate(s.cancelEffectiveDate) : null,
        adminEmail: s.adminEmail,
        channel: s.channel === "bss" ? "Back office" : "Storefront",
      }}
    />
  );
}

function ProvisioningPanel({ s, onRetried }: { s: SubscriptionDetails; onRetried: () => void }) {
  const state = useApi<Provisioning>(`/api/bss/subscriptions/${encodeURIComponent(s.id)}/provisioning`);
  const [busy, setBusy] = useState(false);
  const copy = isManagedCopy(s);
  const canWrite = useCanWrite();
  async function retry() {
    setBusy(true);
    try {
      await api.post(`/api/bss/subscriptions/${encodeURIComponent(s.id)}/provisioning/retry`);
      notifications.show({
        color: "green",
        title: "Retry queued",
        message: "The sync status is Pending again.",
      });
      onRetried();
      state.reload();
    } catch (e) {
      notifications.show({ color: "red", title: "Retry failed", message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }
  const p = state.data;
  const failedAddons = s.addons.filter((a) => a.status === "active" && a.syncStatus === "failed");
  return (
    <Section title="Provisioning" actions={<StatusBadge status={s.syncStatus} kind="syncStatus" />}>
      <Stack gap="sm">
        {s.syncStatus === "failed" && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            title="Provisioning failed"
            data-testid="sync-failed"
          >
            <Stack gap="xs">
              <Text size="sm">{s.syncError ?? "The vendor refused the change."}</Text>
              {!copy && canWrite && <RetryButton busy={busy} onClick={retry} />}
            </Stack>
          </Alert>
        )}
        {s.syncStatus !== "failed" && failedAddons.length > 0 && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            title={failedAddons.length === 1 ? "An add-on was refused" : "Add-ons were refused"}
            data-testid="addon-sync-failed"
          >
            <Stack gap="xs">
              {failedAddons.map((a) => (
                <Text size="sm" key={a.id}>
                  {`${a.name}: ${a.syncError ?? "the vendor refused it"}`}
                </Text>
              ))}
              <Text size="sm" c="dimmed">
                The rest of the subscription is synchronized; a refused add-on cannot be changed until a retry
                succeeds.
              </Text>
              {!copy && canWrite && <RetryButton busy={busy} onClick={retry} />}
            </Stack>
          </Alert>
        )}
        {s.awaitingStart && (
          <Text size="sm" c="dimmed" data-testid="sync-waits">
            Provisioned on its start date, {formatDate(s.startDate)}: nothing is sent to the vendor before.
          </Text>
        )}
        {s.syncStatus !== "failed" && s.syncError && (
          <Text size="sm" c="dimmed">
            Last vendor message: {s.syncError}
          </Text>
        )}
        {state.error ? (
          <ErrorState error={state.error} onRetry={state.reload} />
        ) : !p ? (
          <Loading />
        ) : (
          <KeyValueTable
            labels={{ externalId: "Vendor ID" }}
            data={{
              externalId: p.externalId,
              lastAction: p.lastAction ? humanize(p.lastAction) : null,
              lastSynced: formatDateTime(p.lastSyncedAt),
              lastCalls: p.lastCalls.length ? p.lastCalls.join(", ") : null,
              drift: p.drift
                ? p.drift === "in_sync"
                  ? "In sync"
                  : "Differs from the vendor"
                : "Not checked",
            }}
          />
        )}
      </Stack>
    </Section>
  );
}

type Addon = SubscriptionDetails["addons"][number];

const ADDON_COLUMNS: Column<Addon>[] = [
  {
    key: "addon",
    header: "Add-on",
    primary: true,
    render: (a) => (
      <Stack gap={4}>
        <Text size="sm">{a.name}</Text>
        {/* D16: the add-on's own sync status, with the vendor's reason when it refused it. */}
        {a.status === "active" && (
          <Stack gap={2} data-testid="addon-sync">
            <Group gap={4}>
              <Text size="xs" c="dimmed">
                Sync
              </Text>
              <StatusBadge status={a.syncStatus} kind="syncStatus" />
            </Group>
            {a.syncStatus === "failed" && (
              <Text size="xs" c="red">
                {a.syncError ?? "The vendor refused it."}
              </Text>
            )}
          </Stack>
        )}
      </Stack>
    ),
  },
  { key: "quantity", header: "Quantity", align: "right", render: (a) => a.quantity },
  { key: "unitPrice", header: "Unit price", nowrap: true, render: (a) => formatMoney(a.unitPrice) },
  { key: "added", header: "Added", nowrap: true, render: (a) => formatDate(a.addedDate) },
  { key: "status", header: "Status", render: (a) => <StatusBadge status={a.status} /> },
];

function Addons({ s }: { s: SubscriptionDetails }) {
  if (s.addons.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No add-ons.
      </Text>
    );
  return <ItemsTable items={s.addons} columns={ADDON_COLUMNS} rowKey={(a) => a.id} label="Add-ons" />;
}

function Scheduled({ s }: { s: SubscriptionDetails }) {
  if (s.scheduledChanges.length === 0) return null;
  return (
    <Alert color="blue" variant="light" title="Scheduled changes" icon={<IconInfoCircle size={18} />}>
      <Stack gap={4}>
        {s.scheduledChanges.map((c) => (
          <Text size="sm" key={c.id}>
            {humanize(c.kind)} on {formatDate(c.effectiveDate)}
            {Object.keys(c.payload).length > 0 &&
              ` (${Object.entries(c.payload)
                .map(
                  ([k, v]) =>
                    `${humanize(k).toLowerCase()}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`,
                )
                .join(", ")})`}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

function Charges({ s }: { s: SubscriptionDetails }) {
  const state = useApi(`/api/bss/subscriptions/${encodeURIComponent(s.id)}/charges`, toChargeList);
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading />;
  return <BillingLines lines={state.data} showDocument />;
}

const HISTORY_COLUMNS: Column<HistoryEntry>[] = [
  {
    key: "at",
    header: "When",
    nowrap: true,
    sortValue: (h) => h.at,
    render: (h) => formatDateTime(h.at),
  },
  {
    key: "what",
    header: "What",
    primary: true,
    render: (h) => (
      <>
        <Text size="sm" fw={500}>
          {humanize(h.action)}
        </Text>
        <Text size="xs" c="dimmed">
          {h.summary}
        </Text>
      </>
    ),
  },
  {
    key: "effective",
    header: "Effective",
    nowrap: true,
    sortValue: (h) => h.effectiveDate,
    render: (h) => formatDate(h.effectiveDate),
  },
  {
    key: "by",
    header: "By",
    render: (h) => labelOf("channel", h.actorKind === "system" ? "system" : h.channel),
  },
];

/** The subscription's last 200 changes, paged and sorted here. */
function History({ s }: { s: SubscriptionDetails }) {
  const list = useList({
    path: `/api/bss/subscriptions/${encodeURIComponent(s.id)}/history`,
    map: toHistoryPage,
    query: { limit: 200 },
    mode: "client",
    limit: 20,
  });
  return (
    <ListView
      list={list}
      columns={HISTORY_COLUMNS}
      rowKey={(h) => h.id}
      noun="changes"
      caption="History"
      empty="No history yet"
      bare
    />
  );
}

export function SubscriptionDetailPage() {
  const { id = "" } = useParams();
  const [tick, setTick] = useState(0);
  const state = useApi(`/api/bss/subscriptions/${encodeURIComponent(id)}`, toSubscriptionDetails);
  const [action, setAction] = useState<ActionKey | null>(null);
  const canWrite = useCanWrite();
  // Issue 13.10: the page follows a pending vendor operation by itself; when it ends, the
  // provisioning panel, billing lines and history load again (a credit note may have come).
  const follow = useFollowVendor(state.data, state.reload, () => setTick((t) => t + 1));

  if (state.error?.isNotFound)
    return <NotFoundPage title="Subscription not found" home="/bss/subscriptions" />;
  if (state.error && !state.data) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading label="Loading subscription…" />;
  const s = state.data;
  const refresh = () => {
    state.reload();
    setTick((t) => t + 1);
  };
  const onDone = (_outcome: CommandOutcome) => {
    setAction(null);
    refresh();
  };

  return (
    <>
      {s.managedBy && (
        <Alert
          color="grape"
          variant="filled"
          mb="md"
          icon={<IconInfoCircle size={18} />}
          data-testid="managed-by-ribbon"
          role="note"
        >
          {s.managedBy.ribbon}
        </Alert>
      )}
      <PageHeader
        title={s.name}
        crumbs={CRUMBS}
        description={
          <Group gap={6} component="span">
            <StatusBadge status={s.status} />
            {s.awaitingStart && (
              <Badge variant="light" color="blue" data-testid="starts-on">
                Starts on {formatDate(s.startDate)}
              </Badge>
            )}
            {s.isTrial && (
              <Badge variant="light" color="yellow">
                Trial
              </Badge>
            )}
            <Text span size="sm">
              {s.quantity} × {formatMoney(s.unitPrice)}
            </Text>
          </Group>
        }
        actions={
          <Group gap="xs">
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} />}
              onClick={refresh}
              loading={state.loading && !follow.waiting}
            >
              Refresh
            </Button>
            {canWrite && <ActionsMenu subscription={s} onPick={setAction} />}
          </Group>
        }
      />
      <Stack gap="lg">
        {s.awaitingStart && (
          <Alert
            color="blue"
            variant="light"
            icon={<IconCalendarEvent size={18} />}
            title={`Starts on ${formatDate(s.startDate)}`}
            data-testid="awaiting-start"
          >
            Inactive until its start date. The billing run of that day activates it, provisions it at the
            vendor and bills its first period; nothing is billed before. It can be cancelled until then.
          </Alert>
        )}
        <CancellationRibbon
          requests={s.pendingCancellationRequests}
          addonName={(addonId) => s.addons.find((a) => a.id === addonId)?.name}
        />
        {s.pendingCancellationRequests && s.pendingCancellationRequests.length > 0 && (
          <Anchor
            component={Link}
            to={`/bss/cancellation-requests/${s.pendingCancellationRequests[0]!.id}`}
            size="sm"
          >
            View request
          </Anchor>
        )}
        {s.pendingOperation && (
          <Alert
            color="yellow"
            variant="light"
            icon={<IconHourglass size={18} />}
            title="Waiting for the vendor"
          >
            {`${humanize(s.pendingOperation.mode)} cancellation requested ${formatDateTime(s.pendingOperation.requestedAt)}, effective ${formatDate(s.pendingOperation.effectiveDate)}. It is applied when the vendor confirms; other changes wait until then. This page updates by itself.`}
          </Alert>
        )}
        {!s.pendingOperation && follow.ended && (
          <VendorAnswer
            area="bss"
            subscriptionId={s.id}
            status={s.status}
            syncError={s.syncError}
            requested={follow.ended}
            documentHref={(documentId) => ({
              to: `/bss/billing/documents/${encodeURIComponent(documentId)}`,
              external: false,
            })}
          />
        )}
        <Scheduled s={s} />
        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Section title="Details">
              <Details s={s} />
            </Section>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack gap="lg">
              <ProvisioningPanel key={tick} s={s} onRetried={refresh} />
              <Section title="Add-ons">
                <Addons s={s} />
              </Section>
              {Object.keys(s.serviceDetails).length + Object.keys(s.characteristics).length > 0 && (
                <Section title="Service details">
                  <KeyValueTable data={{ ...s.serviceDetails, ...s.characteristics }} />
                </Section>
              )}
            </Stack>
          </Grid.Col>
        </Grid>
        <Section title="Billing">
          <Charges key={tick} s={s} />
        </Section>
        <Section title="History">
          <History key={tick} s={s} />
        </Section>
      </Stack>
      <ActionDialog
        subscription={s}
        action={action}
        onClose={() => setAction(null)}
        onDone={onDone}
        onStale={refresh}
      />
    </>
  );
}

/** Provisioning's Retry (a failed sync, or a refused add-on: the same call). */
function RetryButton({ busy, onClick }: { busy: boolean; onClick: () => void }) {
  return (
    <Group>
      <Button
        size="xs"
        color="red"
        variant="light"
        leftSection={<IconRefresh size={14} />}
        loading={busy}
        onClick={onClick}
      >
        Retry
      </Button>
    </Group>
  );
}
