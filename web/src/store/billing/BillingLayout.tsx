import { Tabs } from "@mantine/core";
import { IconFileInvoice, IconLayoutDashboard, IconListDetails, IconReceipt } from "@tabler/icons-react";
import { Outlet, useLocation, useNavigate } from "react-router";
import { useStore } from "../StoreLayout.tsx";
import { RequireStoreUser } from "../StoreSession.tsx";

const TABS = ["overview", "orders", "subscriptions", "documents"] as const;

/** The billing dashboard's frame (seed 004): quick access to orders and subscriptions. */
export function BillingLayout() {
  const { alias } = useStore();
  const base = `/store/${alias}/billing`;
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const tab = pathname.startsWith(`${base}/orders`)
    ? "orders"
    : pathname.startsWith(`${base}/subscriptions`)
      ? "subscriptions"
      : pathname.startsWith(`${base}/documents`)
        ? "documents"
        : "overview";
  return (
    <RequireStoreUser>
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
        </Tabs.List>
        {/* Every tab controls a panel (aria-controls); the current one holds the page. */}
        {TABS.map((value) => (
          <Tabs.Panel key={value} value={value}>
            {value === tab && <Outlet />}
          </Tabs.Panel>
        ))}
      </Tabs>
    </RequireStoreUser>
  );
}
