import { BarChart } from "@mantine/charts";
import { Group, Paper, SegmentedControl, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { formatDate, formatMoney, type Money, plural } from "../api.ts";
import { ErrorState } from "../components/States.tsx";
import { useApi } from "../hooks.ts";
import { ChartTable } from "./ChartTable.tsx";
import { currenciesOf, monthLabel, plot, type Ranked, type RevenueView } from "./revenue.api.ts";

/**
 * Revenue at a glance (issue 16): MRR/ARR, invoiced and credited per month, MRR movements and the
 * top lists, one currency at a time (amounts of two currencies are never added). The back office
 * shows the tenant's figures (top resellers, products, tenant resellers), a reseller's Storefront
 * its customers' (top customers, products).
 */
export function RevenueSection({
  path,
  preferredCurrency,
  heading = true,
}: {
  path: string;
  preferredCurrency?: string;
  /** False under a page header that already says "Revenue". */
  heading?: boolean;
}) {
  const revenue = useApi<RevenueView>(path);
  const [chosen, setChosen] = useState<string | null>(null);
  if (revenue.error)
    return <ErrorState error={revenue.error} title="Revenue figures unavailable" onRetry={revenue.reload} />;
  const r = revenue.data;
  if (!r) return <Skeleton h={240} />;
  const currencies = currenciesOf(r, preferredCurrency);
  const currency = chosen && currencies.includes(chosen) ? chosen : currencies[0];
  if (!currency)
    return (
      <Paper p="md" data-testid="revenue-empty">
        <Title order={2} fz="h3">
          Revenue
        </Title>
        <Text size="sm" mt="xs">
          No subscriptions or documents yet: the figures appear with the first order.
        </Text>
      </Paper>
    );
  return (
    <Stack gap="md" data-testid="revenue">
      <Group justify="space-between" align="flex-end">
        <div>
          {heading && (
            <Title order={2} fz="h3">
              Revenue
            </Title>
          )}
          <Text size="sm">
            As of {formatDate(r.asOf)}; net of discounts and recurring promotions, tax excluded.
          </Text>
        </div>
        {currencies.length > 1 && (
          <SegmentedControl aria-label="Currency" value={currency} onChange={setChosen} data={currencies} />
        )}
      </Group>
      <Recurring r={r} currency={currency} />
      <Documents r={r} currency={currency} />
      <Movements r={r} currency={currency} />
      {r.top.resellers && (
        <TopList
          id="top-resellers"
          title="Top resellers"
          noun="Reseller"
          list={r.top.resellers}
          currency={currency}
        />
      )}
      {r.top.customers && (
        <TopList
          id="top-customers"
          title="Top customers"
          noun="Customer"
          list={r.top.customers}
          currency={currency}
        />
      )}
      {r.top.products && (
        <TopList
          id="top-products"
          title="Top products"
          noun="Product"
          list={r.top.products}
          currency={currency}
        />
      )}
      {r.top.tenantResellers && (
        <TopList
          id="top-tenant-resellers"
          title="Top tenant resellers"
          noun="Tenant reseller"
          list={r.top.tenantResellers}
          currency={currency}
          empty="No tenant reseller's subscriptions are copied here."
        />
      )}
    </Stack>
  );
}

const money = (currency: string) => (value: number) => formatMoney({ currency, decimal: value.toFixed(2) });
const zero = (currency: string): Money => ({ currency, minor: "0", decimal: "0.00" });

function Recurring({ r, currency }: { r: RevenueView; currency: string }) {
  const t = r.totals.find((x) => x.currency === currency);
  const cards = [
    {
      label: "MRR",
      help: "monthly recurring revenue",
      value: formatMoney(t?.mrr ?? zero(currency)),
      id: "mrr",
    },
    {
      label: "ARR",
      help: "annual recurring revenue = 12 × MRR",
      value: formatMoney(t?.arr ?? zero(currency)),
      id: "arr",
    },
    {
      label: "Live subscriptions",
      help: "paid, active, suspended or waiting for the vendor",
      value: String(t?.subscriptions ?? 0),
      id: "live",
    },
  ];
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
      {cards.map((c) => (
        <Paper p="md" key={c.id}>
          <Text size="sm" fw={600}>
            {c.label} <span style={{ fontWeight: 400 }}>({c.help})</span>
          </Text>
          <Text fz="h2" fw={700} data-testid={`revenue-${c.id}`}>
            {c.value}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function Documents({ r, currency }: { r: RevenueView; currency: string }) {
  const rows = r.documents.filter((d) => d.currency === currency);
  return (
    <ChartTable
      id="revenue-documents"
      title="Invoiced and credited per month"
      description="Issued invoices and credit notes by issue date (drafts never count), tax excluded."
      caption={`Invoiced and credited per month, ${currency}`}
      columns={["Month", "Invoiced", "Credited", "Net"]}
      chart={
        <BarChart
          h={260}
          data={rows.map((d) => ({
            month: monthLabel(d.month),
            Invoiced: plot(d.invoiced),
            Credited: plot(d.credited),
          }))}
          dataKey="month"
          series={[
            { name: "Invoiced", color: "blue.7" },
            { name: "Credited", color: "orange.7" },
          ]}
          withLegend
          valueFormatter={money(currency)}
          barChartProps={{ accessibilityLayer: false }}
        />
      }
      rows={rows.map((d) => ({
        key: d.month,
        cells: [monthLabel(d.month), formatMoney(d.invoiced), formatMoney(d.credited), formatMoney(d.net)],
      }))}
    />
  );
}

function Movements({ r, currency }: { r: RevenueView; currency: string }) {
  const rows = r.movements.filter((d) => d.currency === currency);
  return (
    <ChartTable
      id="revenue-movements"
      title="MRR movements per month"
      description="New: a subscription starts paying; expansion and contraction: its MRR rises or falls (licences, price, upgrade, discount); churned: it stops (cancelled, ended). Per subscription, a month's changes are netted."
      caption={`New, expansion, contraction and churned MRR per month, ${currency}`}
      columns={["Month", "New", "Expansion", "Contraction", "Churned", "Net"]}
      chart={
        <BarChart
          h={260}
          type="stacked"
          data={rows.map((d) => ({
            month: monthLabel(d.month),
            New: plot(d.newMrr),
            Expansion: plot(d.expansion),
            Contraction: -plot(d.contraction),
            Churned: -plot(d.churned),
          }))}
          dataKey="month"
          series={[
            { name: "New", color: "teal.7" },
            { name: "Expansion", color: "blue.7" },
            { name: "Contraction", color: "orange.7" },
            { name: "Churned", color: "red.7" },
          ]}
          withLegend
          valueFormatter={money(currency)}
          barChartProps={{ accessibilityLayer: false, stackOffset: "sign" }}
        />
      }
      rows={rows.map((d) => ({
        key: d.month,
        cells: [
          monthLabel(d.month),
          formatMoney(d.newMrr),
          formatMoney(d.expansion),
          formatMoney(d.contraction),
          formatMoney(d.churned),
          formatMoney(d.net),
        ],
      }))}
    />
  );
}

function TopList({
  id,
  title,
  noun,
  list,
  currency,
  empty,
}: {
  id: string;
  title: string;
  noun: string;
  list: Ranked[];
  currency: string;
  empty?: string;
}) {
  const rows = list.filter((x) => x.mrr.currency === currency);
  return (
    <ChartTable
      id={id}
      title={title}
      caption={`${title} by MRR, ${currency}`}
      columns={[noun, "Subscriptions", "MRR"]}
      empty={empty ?? "None yet."}
      chart={
        <BarChart
          h={Math.max(160, rows.length * 36)}
          orientation="vertical"
          data={rows.map((x) => ({ name: x.name, MRR: plot(x.mrr) }))}
          dataKey="name"
          series={[{ name: "MRR", color: "blue.7" }]}
          yAxisProps={{ width: 150 }}
          valueFormatter={money(currency)}
          barChartProps={{ accessibilityLayer: false }}
        />
      }
      rows={rows.map((x) => ({
        key: x.id,
        cells: [x.name, plural(x.subscriptions, "subscription"), formatMoney(x.mrr)],
      }))}
    />
  );
}
