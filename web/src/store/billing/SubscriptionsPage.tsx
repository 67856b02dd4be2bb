import { Anchor, Button, Text } from "@mantine/core";
import { IconFileSpreadsheet } from "@tabler/icons-react";
import { Link } from "react-router";
import { formatMoney, toPage, withQuery } from "../../api.ts";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column, Filter } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { SubscriptionStatusBadge } from "../StoreBadges.tsx";
import { useStore } from "../StoreLayout.tsx";
import { useMe } from "../StoreSession.tsx";
import { type DashboardSubscription, discountLabel, SUBSCRIPTION_STATUS_LABELS } from "../store.api.ts";
import { ProductLogo } from "./ProductLogo.tsx";

const FILTERS: Filter[] = [
  {
    kind: "select",
    name: "status",
    label: "Status",
    placeholder: "All statuses",
    data: Object.entries(SUBSCRIPTION_STATUS_LABELS).map(([value, label]) => ({ value, label })),
  },
  { kind: "search", placeholder: "Name or team admin email" },
];

const activeAddons = (s: DashboardSubscription) => s.addons.filter((a) => a.status === "active");

function columns(
  base: string,
  forCustomer: (s: DashboardSubscription) => string | null,
): Column<DashboardSubscription>[] {
  return [
    { key: "logo", header: "", hideOnCard: true, render: (s) => <ProductLogo name={s.name} /> },
    {
      key: "name",
      header: "Subscription",
      sort: "name",
      primary: true,
      render: (s) => (
        <>
          <Anchor component={Link} to={`${base}/${s.id}`} fw={500}>
            {s.name}
          </Anchor>
          {forCustomer(s) && (
            <Text size="xs" c="dimmed">
              for {forCustomer(s)}
            </Text>
          )}
        </>
      ),
    },
    {
      key: "addons",
      header: "Add-ons",
      render: (s) =>
        activeAddons(s).length === 0
          ? "—"
          : activeAddons(s)
              .map((a) => `${a.name} × ${a.quantity}`)
              .join(", "),
    },
    { key: "quantity", header: "Quantity", sort: "quantity", align: "right", render: (s) => s.quantity },
    {
      key: "status",
      header: "Status",
      sort: "status",
      render: (s) => (
        <>
          <SubscriptionStatusBadge status={s.status} />
          {s.statusReason && (
            <Text size="xs" c="dimmed">
              {s.statusReason}
            </Text>
          )}
        </>
      ),
    },
    {
      key: "unitPrice",
      header: "Unit price",
      align: "right",
      nowrap: true,
      render: (s) => <Price value={s.unitPrice} />,
    },
    {
      key: "discount",
      header: "Discount",
      align: "right",
      render: (s) => (s.priceVisible ? discountLabel(s.discountBasisPoints) : "-"),
    },
    { key: "total", header: "Total", align: "right", nowrap: true, render: (s) => <Price value={s.total} /> },
  ];
}

/**
 * A price, or "-" where R-DSH-04 hides it (the server decides: null). A shown unit price is the
 * subscription's own — the one Buy Licenses charges and its invoices print (issue 16).
 */
export function Price({ value }: { value: DashboardSubscription["unitPrice"] }) {
  return value ? (
    <Text span>{formatMoney(value)}</Text>
  ) : (
    <Text
      span
      c="dimmed"
      title="Not shown (R-DSH-04): not published in this Storefront, or bought for you by your reseller"
    >
      -
    </Text>
  );
}

/** R-DSH-03: logo, name, add-ons, quantity, status, unit price, discount, total; status filter; Excel export. */
export function SubscriptionsPage() {
  const { alias } = useStore();
  const me = useMe();
  const list = useList({
    path: "/api/storefront/dashboard/subscriptions",
    map: (raw) => toPage(raw, (s) => s as DashboardSubscription),
    filters: FILTERS,
    defaultSort: "name",
  });
  // The file is built server-side from the very same filters and sort: its rows are the list's rows.
  const exportUrl = withQuery("/api/storefront/dashboard/subscriptions/export", {
    ...list.values,
    sort: list.sort,
  });
  const base = `/store/${alias}/billing/subscriptions`;
  const forCustomer = (s: DashboardSubscription) =>
    me.isReseller && s.accountId !== me.account.id && s.accountName ? s.accountName : null;
  return (
    <>
      <PageHeader
        title="Subscriptions"
        crumbs={[{ label: "Billing", to: `/store/${alias}/billing` }]}
        actions={
          <Button
            component="a"
            href={exportUrl}
            download="subscriptions.xlsx"
            variant="default"
            leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
          >
            Export to Excel
          </Button>
        }
      />
      <ListView
        list={list}
        columns={columns(base, forCustomer)}
        rowKey={(s) => s.id}
        rowTestId="subscription-row"
        noun="subscriptions"
        empty="No subscriptions yet"
      />
    </>
  );
}
