import { Table, Text } from "@mantine/core";
import { useParams } from "react-router";
import { formatDate, formatDateTime, humanize, labelOf, toPage } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useApi } from "../../hooks.ts";
import { useStore } from "../StoreLayout.tsx";

interface HistoryItem {
  id: string;
  at: string;
  action: string;
  channel: string;
  effectiveDate: string;
  summary: string;
}

/** R-DSH-05 View Purchase History: purchases and cancellations of the product and its add-ons. */
export function PurchaseHistoryPage() {
  const { alias } = useStore();
  const { id = "" } = useParams();
  const base = `/store/${alias}/billing`;
  // Purchases and cancellations only: the vendor's synchronisation records are not purchases.
  const state = useApi(`/api/storefront/subscriptions/${encodeURIComponent(id)}/history?limit=500`, (raw) => {
    const page = toPage(raw, (h) => h as HistoryItem);
    const items = page.items.filter((h) => !h.action.startsWith("provisioning"));
    return { ...page, items, total: items.length };
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
      <DataTable
        state={state}
        minWidth={560}
        empty="No purchases recorded"
        head={["When", "What", "Effective", "Where"]}
        row={(h) => (
          <Table.Tr key={h.id}>
            <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(h.at)}</Table.Td>
            <Table.Td>
              <Text size="sm" fw={500}>
                {h.summary}
              </Text>
              <Text size="xs" c="dimmed">
                {humanize(h.action)}
              </Text>
            </Table.Td>
            <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(h.effectiveDate)}</Table.Td>
            <Table.Td>{labelOf("channel", h.channel)}</Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}
