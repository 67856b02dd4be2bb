import { Navigate } from "react-router";
import { PageHeader } from "../../components/PageHeader.tsx";
import { LazyRevenueSection as RevenueSection } from "../../revenue/lazy.tsx";
import { useStore } from "../StoreLayout.tsx";
import { useMe } from "../StoreSession.tsx";

/** Issue 16: a reseller's revenue from its customers (MRR, invoiced, movements, top customers and products). */
export function RevenuePage() {
  const me = useMe();
  const { alias } = useStore();
  // An end customer has no revenue here (the API answers 403): its spend is on the overview.
  if (!me.isReseller) return <Navigate to={`/store/${alias}/billing`} replace />;
  return (
    <>
      <PageHeader title="Revenue" description="What your customers' subscriptions bring in." />
      <RevenueSection path="/api/storefront/revenue" heading={false} />
    </>
  );
}
