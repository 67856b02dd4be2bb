import { Anchor, Button, Group, Select, Stack, Table, Text } from "@mantine/core";
import { IconFileSpreadsheet } from "@tabler/icons-react";
import { Link } from "react-router";
import { formatMoney, toPage, withQuery } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { SearchFilter, useUrlFilters } from "../../components/filters.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { useApi } from "../../hooks.ts";
import { SubscriptionStatusBadge } from "../StoreBadges.tsx";
import { useStore } from "../StoreLayout.tsx";
import { useMe } from "../StoreSession.tsx";
import { type DashboardSubscription, discountLabel, SUBSCRIPTION_STATUS_LABELS } from "../store.api.ts";
import { ProductLogo } from "./ProductLogo.tsx";

const LIMIT = 25;
const SORT = "name";

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
  const [params, update] = useUrlFilters();
  const offset = Number(params.get("offset") ?? 0) || 0;
  const status = params.get("status") ?? "";
  const q = params.get("q") ?? "";
  const filters = { status, q, sort: SORT };
  const state = useApi(
    withQuery("/api/storefront/dashboard/subscriptions", { ...filters, limit: LIMIT, offset }),
    (raw) => toPage(raw, (s) => s as DashboardSubscription),
  );
  // The file is built server-side from the very same filters and sort: its rows are the list's rows.
  const exportUrl = withQuery("/api/storefront/dashboard/subscriptions/export", filters);
  const base = `/store/${alias}/billing/subscriptions`;
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
      <Stack gap="md">
        <Group align="flex-end" wrap="wrap">
          <Select
            label="Status"
            placeholder="All statuses"
            clearable
            data={Object.entries(SUBSCRIPTION_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
            value={status || null}
            onChange={(v) => update({ status: v, offset: null })}
            w={220}
          />
          <div style={{ flex: 1, minWidth: 220 }}>
            <SearchFilter placeholder="Name or team admin email" />
          </div>
        </Group>
        <DataTable
          state={state}
          minWidth={820}
          empty={status || q ? "No subscriptions match these filters" : "No subscriptions yet"}
          head={["", "Subscription", "Add-ons", "Quantity", "Status", "Unit price", "Discount", "Total"]}
          row={(s) => (
            <Table.Tr key={s.id} data-testid="subscription-row">
              <Table.Td w={44}>
                <ProductLogo name={s.name} />
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`${base}/${s.id}`} fw={500}>
                  {s.name}
                </Anchor>
                {me.isReseller && s.accountId !== me.account.id && s.accountName && (
                  <Text size="xs" c="dimmed">
                    for {s.accountName}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {s.addons.filter((a) => a.status === "active").length === 0 ? (
                  <Text span c="dimmed">
                    —
                  </Text>
                ) : (
                  s.addons
                    .filter((a) => a.status === "active")
                    .map((a) => `${a.name} × ${a.quantity}`)
                    .join(", ")
                )}
              </Table.Td>
              <Table.Td>{s.quantity}</Table.Td>
              <Table.Td>
                <SubscriptionStatusBadge status={s.status} />
                {s.statusReason && (
                  <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                    {s.statusReason}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Price value={s.unitPrice} />
              </Table.Td>
              <Table.Td>{s.priceVisible ? discountLabel(s.discountBasisPoints) : "-"}</Table.Td>
              <Table.Td>
                <Price value={s.total} />
              </Table.Td>
            </Table.Tr>
          )}
        />
        {state.data && (
          <Pager
            total={state.data.total}
            limit={LIMIT}
            offset={state.data.offset}
            onChange={(o) => update({ offset: o })}
            noun="subscriptions"
          />
        )}
      </Stack>
    </>
  );
}
