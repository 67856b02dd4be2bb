import { Skeleton } from "@mantine/core";
import { type ComponentProps, lazy, Suspense } from "react";
import type { RevenueSection as Section } from "./RevenueSection.tsx";

/**
 * The revenue charts load on demand: recharts is large, and only the dashboard, the reseller's
 * Revenue tab and the billing overview draw charts (issue 16: fast to load).
 */
const RevenueSectionChunk = lazy(() =>
  import("./RevenueSection.tsx").then((m) => ({ default: m.RevenueSection })),
);
const SpendSectionChunk = lazy(() =>
  import("../store/revenue/SpendSection.tsx").then((m) => ({ default: m.SpendSection })),
);

export function LazyRevenueSection(props: ComponentProps<typeof Section>) {
  return (
    <Suspense fallback={<Skeleton h={240} />}>
      <RevenueSectionChunk {...props} />
    </Suspense>
  );
}

export function LazySpendSection() {
  return (
    <Suspense fallback={<Skeleton h={200} />}>
      <SpendSectionChunk />
    </Suspense>
  );
}
