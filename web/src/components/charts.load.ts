// The charts library and its styles: a chunk of their own, loaded by components/charts.tsx only.
import "@mantine/charts/styles.css";

export {
  AreaChart,
  BarChart,
  CompositeChart,
  DonutChart,
  LineChart,
  PieChart,
  Sparkline,
} from "@mantine/charts";
