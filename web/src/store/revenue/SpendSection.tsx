import { AreaChart } from "@mantine/charts";
import { Skeleton } from "@mantine/core";
import { formatMoney } from "../../api.ts";
import { ErrorState } from "../../components/States.tsx";
import { useApi } from "../../hooks.ts";
import { ChartTable } from "../../revenue/ChartTable.tsx";
import { monthLabel, plot, type SpendView } from "../../revenue/revenue.api.ts";

/** Issue 16: the signed-in account's spend over the last 12 months (invoiced − credited, tax included). */
export function SpendSection() {
  const state = useApi<SpendView>("/api/storefront/spend");
  if (state.error) return <ErrorState error={state.error} title="Spend unavailable" onRetry={state.reload} />;
  const s = state.data;
  if (!s) return <Skeleton h={200} />;
  const currencies = [...new Set(s.spend.map((x) => x.currency))];
  if (currencies.length === 0)
    return (
      <ChartTable
        id="spend"
        title="Your spend"
        caption="Spend per month"
        columns={[]}
        chart={null}
        rows={[]}
        empty="No invoices in the last 12 months."
      />
    );
  return (
    <>
      {currencies.map((currency) => {
        const rows = s.spend.filter((x) => x.currency === currency);
        return (
          <ChartTable
            key={currency}
            id={currencies.length > 1 ? `spend-${currency}` : "spend"}
            title={currencies.length > 1 ? `Your spend in ${currency}` : "Your spend"}
            description="Per month: your issued invoices minus your credit notes, tax included."
            caption={`Spend per month, ${currency}`}
            columns={["Month", "Invoiced", "Credited", "Spend"]}
            chart={
              <AreaChart
                h={220}
                data={rows.map((x) => ({ month: monthLabel(x.month), Spend: plot(x.spend) }))}
                dataKey="month"
                series={[{ name: "Spend", color: "blue.7" }]}
                valueFormatter={(v) => formatMoney({ currency, decimal: v.toFixed(2) })}
                areaChartProps={{ accessibilityLayer: false }}
              />
            }
            rows={rows.map((x) => ({
              key: x.month,
              cells: [
                monthLabel(x.month),
                formatMoney(x.invoiced),
                formatMoney(x.credited),
                formatMoney(x.spend),
              ],
            }))}
          />
        );
      })}
    </>
  );
}
