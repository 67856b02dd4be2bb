import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconHistory } from "@tabler/icons-react";
import { Link, useParams } from "react-router";
import { formatDate, formatMoney, humanize } from "../../api.ts";
import type { PendingRequest } from "../../components/CancellationRequests.tsx";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { useFollowVendor, VendorAnswer, type VendorWait } from "../../components/VendorFollow.tsx";
import { useApi } from "../../hooks.ts";
import { SubscriptionStatusBadge, SyncBadge } from "../StoreBadges.tsx";
import { useStore } from "../StoreLayout.tsx";
import {
  BILLING_PLAN_LABELS,
  type DashboardSubscriptionDetails,
  discountLabel,
  TERM_SHORT,
} from "../store.api.ts";
import { ProductLogo } from "./ProductLogo.tsx";
import { RequestRibbon } from "./RequestRibbon.tsx";
import { SubscriptionActions } from "./SubscriptionActions.tsx";
import { Price } from "./SubscriptionsPage.tsx";

interface SubscriptionCore {
  status: string;
  syncStatus: string;
  syncError: string | null;
  pendingOperation: VendorWait["pendingOperation"];
  /** D16: each add-on's own sync status (Failed: the vendor refused it, with its reason). */
  addons: { id: string; name: string; syncStatus: string; syncError: string | null }[];
  /** R-CRQ-02: pending cancellation requests (the ribbon). */
  pendingCancellationRequests?: PendingRequest[];
  adminEmail: string | null;
  nextRenewalDate: string | null;
  cancelEffectiveDate: string | null;
  scheduledChanges: { id: string; kind: string; effectiveDate: string; payload: Record<string, unknown> }[];
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text component="div">{children}</Text>
    </div>
  );
}

/** R-DSH-05: name and status, quantity, I want to…, summary of charges, products and add-ons. */
export function SubscriptionDetailPage() {
  const { alias } = useStore();
  const { id = "" } = useParams();
  const view = useApi<DashboardSubscriptionDetails>(
    `/api/storefront/dashboard/subscriptions/${encodeURIComponent(id)}`,
  );
  const core = useApi<SubscriptionCore>(`/api/storefront/subscriptions/${encodeURIComponent(id)}`);
  const base = `/store/${alias}/billing`;
  const reload = () => {
    view.reload();
    core.reload();
  };
  // Issue 13.10: follow the vendor's answer by itself (quantities, status and charges come with it).
  const follow = useFollowVendor(core.data, reload, view.reload);
  if (view.error) return <ErrorState error={view.error} onRetry={view.reload} />;
  if (!view.data) return <Loading label="Loading the subscription…" />;
  const s = view.data;
  const c = core.data;
  return (
    <>
      <PageHeader
        title={s.name}
        crumbs={[
          { label: "Billing", to: base },
          { label: "Subscriptions", to: `${base}/subscriptions` },
        ]}
        actions={
          <Button
            component={Link}
            to={`${base}/subscriptions/${s.id}/history`}
            variant="default"
            leftSection={<IconHistory size={16} aria-hidden />}
          >
            View Purchase History
          </Button>
        }
      />
      <Stack gap="lg">
        <Paper withBorder p="md">
          <Group align="flex-start" gap="xl" wrap="wrap">
            <Group gap="sm">
              <ProductLogo name={s.name} />
              <SubscriptionStatusBadge status={s.status} />
              <SyncBadge status={s.syncStatus} />
              {s.statusReason && (
                <Text size="sm" c="blue" data-testid="starts-on">
                  {s.statusReason}
                </Text>
              )}
            </Group>
            <Fact label="Quantity">
              <Text fz="xl" fw={700} data-testid="subscription-quantity">
                {s.quantity}
              </Text>
            </Fact>
            <Fact label="Term">{TERM_SHORT[s.term] ?? s.term}</Fact>
            <Fact label="Billing plan">{BILLING_PLAN_LABELS[s.billingPlan] ?? s.billingPlan}</Fact>
            <Fact label="Current term">{`${formatDate(s.startDate)} – ${formatDate(s.termEndDate)}`}</Fact>
            {c?.nextRenewalDate && <Fact label="Renews on">{formatDate(c.nextRenewalDate)}</Fact>}
            {c?.adminEmail && <Fact label="Team admin">{c.adminEmail}</Fact>}
          </Group>
          <Group mt="md">
            <SubscriptionActions sub={s} onChanged={reload} onStale={reload} />
          </Group>
          <RequestRibbon
            requests={c?.pendingCancellationRequests}
            addonName={(addonId) => c?.addons.find((a) => a.id === addonId)?.name}
            onChanged={reload}
          />
          {c?.pendingOperation && (
            <Alert
              color="yellow"
              variant="light"
              mt="md"
              title="Waiting for the vendor"
              data-testid="vendor-wait"
            >
              {`Your cancellation (effective ${formatDate(c.pendingOperation.effectiveDate)}) is applied once the vendor confirms. This page updates by itself.`}
            </Alert>
          )}
          {c && !c.pendingOperation && follow.ended ? (
            <Stack mt="md">
              <VendorAnswer
                area="storefront"
                subscriptionId={s.id}
                status={c.status}
                syncError={c.syncError}
                requested={follow.ended}
                documentHref={(documentId) => ({
                  to: `/api/storefront/documents/${encodeURIComponent(documentId)}/html`,
                  external: true,
                })}
              />
            </Stack>
          ) : (
            c?.syncError && (
              <Alert color="red" variant="light" mt="md" title="The vendor reported a problem">
                {c.syncError}
              </Alert>
            )
          )}
          {c && c.scheduledChanges.length > 0 && (
            <Alert color="blue" variant="light" mt="md" title="Scheduled changes">
              {c.scheduledChanges.map((ch) => (
                <Text size="sm" key={ch.id}>
                  {humanize(ch.kind)} on {formatDate(ch.effectiveDate)}
                </Text>
              ))}
            </Alert>
          )}
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="charges-summary">
          <Title order={2} fz="h4" mb="sm" id="charges-summary">
            Summary of charges
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Fact label="Invoiced">{formatMoney(s.chargesSummary.invoiced)}</Fact>
            <Fact label="Not yet invoiced">{formatMoney(s.chargesSummary.notYetInvoiced)}</Fact>
            <Fact label="Credited">{formatMoney(s.chargesSummary.credited)}</Fact>
            <Fact label="Net">
              <Text fw={700}>{formatMoney(s.chargesSummary.net)}</Text>
            </Fact>
          </SimpleGrid>
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="products-addons">
          <Title order={2} fz="h4" mb="sm" id="products-addons">
            Products and add-ons
          </Title>
          <ItemsTable
            items={productRows(s)}
            columns={productColumns(c?.addons ?? [])}
            rowKey={(r) => r.id}
            label="Products and add-ons"
          />
          {!s.priceVisible && (
            <Text size="sm" c="dimmed" mt="xs" data-testid="price-hidden-note">
              {s.published
                ? "Prices are not shown for what your reseller bought for you (R-DSH-04); your invoices show what you are charged."
                : "Prices are not shown for products your reseller does not publish in this Storefront (R-DSH-04)."}
            </Text>
          )}
        </Paper>
      </Stack>
    </>
  );
}

type Detail = DashboardSubscriptionDetails;
type AddonSync = SubscriptionCore["addons"][number];
interface ProductRow {
  id: string;
  name: string;
  quantity: number;
  unitPrice: Detail["unitPrice"];
  discount: string;
  finalUnitPrice: Detail["unitPrice"];
  total: Detail["unitPrice"];
  /** An add-on: its status (the base subscription has none). */
  addonStatus: string | null;
}

/** The subscription's line, then its add-ons (an add-on has no discount of its own). */
function productRows(s: Detail): ProductRow[] {
  return [
    {
      id: s.id,
      name: s.name,
      quantity: s.quantity,
      unitPrice: s.unitPrice,
      discount: s.priceVisible ? discountLabel(s.discountBasisPoints) : "-",
      finalUnitPrice: s.finalUnitPrice,
      total: s.total,
      addonStatus: null,
    },
    ...s.addons.map((a) => ({
      id: a.id,
      name: a.name,
      quantity: a.quantity,
      unitPrice: a.unitPrice,
      discount: a.priceVisible ? "0 %" : "-",
      finalUnitPrice: a.unitPrice,
      total: a.total,
      addonStatus: a.status,
    })),
  ];
}

function productColumns(syncs: AddonSync[]): Column<ProductRow>[] {
  return [
    {
      key: "name",
      header: "Name",
      primary: true,
      render: (r) => {
        const sync = syncs.find((x) => x.id === r.id);
        return (
          <>
            <Text span size="sm" fw={r.addonStatus === null ? 500 : undefined}>
              {r.name}
            </Text>
            {r.addonStatus !== null && r.addonStatus !== "active" && (
              <Text span size="xs" c="dimmed">
                {" "}
                (cancelled)
              </Text>
            )}
            {r.addonStatus === "active" && sync && (
              <Stack gap={2} mt={4} data-testid="addon-sync">
                <Group gap={4}>
                  <SyncBadge status={sync.syncStatus} testId="addon-sync-status" />
                </Group>
                {sync.syncStatus === "failed" && (
                  <Text size="xs" c="red">
                    {`The vendor refused this add-on: ${sync.syncError ?? "no reason given"}. Your reseller can retry it; until then it cannot be changed.`}
                  </Text>
                )}
              </Stack>
            )}
          </>
        );
      },
    },
    { key: "quantity", header: "Quantity", align: "right", render: (r) => r.quantity },
    { key: "unitPrice", header: "Unit price", align: "right", render: (r) => <Price value={r.unitPrice} /> },
    { key: "discount", header: "Discount", align: "right", render: (r) => r.discount },
    {
      key: "final",
      header: "Final unit price",
      align: "right",
      render: (r) => <Price value={r.finalUnitPrice} />,
    },
    { key: "total", header: "Total", align: "right", render: (r) => <Price value={r.total} /> },
  ];
}
