import { Text } from "@mantine/core";
import { useParams } from "react-router";
import { formatDate, formatDateTime, humanize, labelOf, toPage } from "../../api.ts";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useStore } from "../StoreLayout.tsx";

interface HistoryItem {
  id: string;
  at: string;
  action: string;
  channel: string;
  effectiveDate: string;
  summary: string;
}

const COLUMNS: Column<HistoryItem>[] = [
  { key: "at", header: "When", nowrap: true, sortValue: (h) => h.at, render: (h) => formatDateTime(h.at) },
  {
    key: "what",
    header: "What",
    primary: true,
    render: (h) => (
      <>
        <Text size="sm" fw={500}>
          {h.summary}
        </Text>
        <Text size="xs" c="dimmed">
          {humanize(h.action)}
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
    key: "where",
    header: "Where",
    render: (h) => labelOf("channel", h.channel),
  },
];

/** R-DSH-05 View Purchase History: purchases and cancellations of the product and its add-ons. */
export function PurchaseHistoryPage() {
  const { alias } = useStore();
  const { id = "" } = useParams();
  const base = `/store/${alias}/billing`;
  // Purchases and cancellations only: the vendor's synchronisation records are not purchases.
  const list = useList({
    path: `/api/storefront/subscriptions/${encodeURIComponent(id)}/history`,
    map: (raw) => {
      const page = toPage(raw, (h) => h as HistoryItem);
      const items = page.items.filter((h) => !h.action.startsWith("provisioning"));
      return { ...page, items, total: items.length };
    },
    query: { limit: 500 },
    mode: "client",
  });
  return (
    <>
      <PageHeader
        title="Purchase history"
        crumbs={[
          { label: "Billing", to: base },
          { label: "Subscriptions", to: `${base}/subscriptions` },
          { label: "Subscription", to: `${base}/subscriptions/${id}` },
        ]}
      />
      <ListView
        list={list}
        columns={COLUMNS}
        rowKey={(h) => h.id}
        noun="purchases"
        empty="No purchases recorded"
      />
    </>
  );
}
