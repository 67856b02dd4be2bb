import type * as Charts from "@mantine/charts";
import { Skeleton } from "@mantine/core";
import { type ComponentProps, type ComponentType, lazy, Suspense } from "react";

/**
 * Mantine's charts, loaded after the page (ARCHITECTURE.md "Web assets"): recharts alone is
 * ~125 KB of gzip, so a page that imported @mantine/charts directly would pass the 300 KB
 * first-load budget (test/web-first-load.test.ts). Import the charts from here: the page and
 * its figures show at once, each chart fills its box (a skeleton of the same height) when the
 * chunk arrives.
 */
const load = () => import("./charts.load.ts");

type ChartName =
  | "AreaChart"
  | "BarChart"
  | "CompositeChart"
  | "DonutChart"
  | "LineChart"
  | "PieChart"
  | "Sparkline";

function lazyChart<N extends ChartName>(name: N) {
  type Props = ComponentProps<(typeof Charts)[N]>;
  const Chart = lazy(async () => ({ default: (await load())[name] as unknown as ComponentType<Props> }));
  function LazyChart(props: Props) {
    const { h, w } = props as {
      h?: ComponentProps<typeof Skeleton>["h"];
      w?: ComponentProps<typeof Skeleton>["w"];
    };
    return (
      <Suspense fallback={<Skeleton h={h ?? 250} w={w ?? "100%"} aria-hidden />}>
        <Chart {...props} />
      </Suspense>
    );
  }
  LazyChart.displayName = `Lazy${name}`;
  return LazyChart;
}

export const AreaChart = lazyChart("AreaChart");
export const BarChart = lazyChart("BarChart");
export const CompositeChart = lazyChart("CompositeChart");
export const DonutChart = lazyChart("DonutChart");
export const LineChart = lazyChart("LineChart");
export const PieChart = lazyChart("PieChart");
export const Sparkline = lazyChart("Sparkline");
