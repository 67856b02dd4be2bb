import { Tabs } from "@mantine/core";
import {
  IconChartBar,
  IconFileInvoice,
  IconLayoutDashboard,
  IconListDetails,
  IconReceipt,
} from "@tabler/icons-react";
import { Outlet, useLocation, useNavigate } from "react-router";
import { useStore } from "../StoreLayout.tsx";
import { RequireStoreUser, useMe } from "../StoreSession.tsx";

const TABS = ["overview", "orders", "subscriptions", "documents", "revenue"] as const;

/** The billing dashboard's frame (seed 004): quick access to orders and subscriptions. */
export function BillingLayout() {
  return (
    <RequireStoreUser>
      <BillingTabs />
    </RequireStoreUser>
  );
}

function BillingTabs() {
  const { alias } = useStore();
  const { isReseller } = useMe();
  const base = `/store/${alias}/billing`;
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const tab = TABS.find((t) => t !== "overview" && pathname.startsWith(`${base}/${t}`)) ?? "overview";
  // The revenue tab is a reseller's (its customers' revenue); the customer sees its spend on the overview.
  const tabs = TABS.filter((t) => t !== "revenue" || isReseller);
  return (
    <Tabs value={tab} onChange={(v) => navigate(v === "overview" ? base : `${base}/${v}`)}>
      <Tabs.List mb="lg" aria-label="Billing">
        <Tabs.Tab value="overview" leftSection={<IconLayoutDashboard size={16} aria-hidden />}>
          Overview
        </Tabs.Tab>
        <Tabs.Tab value="orders" leftSection={<IconReceipt size={16} aria-hidden />}>
          Orders
        </Tabs.Tab>
        <Tabs.Tab value="subscriptions" leftSection={<IconListDetails size={16} aria-hidden />}>
          Subscriptions
        </Tabs.Tab>
        <Tabs.Tab value="documents" leftSection={<IconFileInvoice size={16} aria-hidden />}>
          Documents
        </Tabs.Tab>
        {isReseller && (
          <Tabs.Tab value="revenue" leftSection={<IconChartBar size={16} aria-hidden />}>
            Revenue
          </Tabs.Tab>
        )}
      </Tabs.List>
      {/* Every tab controls a panel (aria-controls); the current one holds the page. */}
      {tabs.map((value) => (
        <Tabs.Panel key={value} value={value}>
          {value === tab && <Outlet />}
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}
