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

/** The billing dashboard's frame (seed 004): quick access to orders and subscriptions. */
export function BillingLayout() {
  return (
    <RequireStoreUser>
      <BillingTabs />
      <Outlet />
    </RequireStoreUser>
  );
}

function BillingTabs() {
  const { alias } = useStore();
  const { isReseller } = useMe();
  const base = `/store/${alias}/billing`;
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const tab = pathname.startsWith(`${base}/orders`)
    ? "orders"
    : pathname.startsWith(`${base}/subscriptions`)
      ? "subscriptions"
      : pathname.startsWith(`${base}/documents`)
        ? "documents"
        : pathname.startsWith(`${base}/revenue`)
          ? "revenue"
          : "overview";
  return (
    <Tabs
      value={tab}
      onChange={(v) => navigate(v === "overview" ? base : `${base}/${v}`)}
      mb="lg"
      aria-label="Billing"
    >
      <Tabs.List>
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
    </Tabs>
  );
}
