import type { RouteObject } from "react-router";
import { NotFoundPage } from "../components/NotFoundPage.tsx";
import { BasketPage } from "./BasketPage.tsx";
import { BillingLayout } from "./billing/BillingLayout.tsx";
import { BillingOverviewPage } from "./billing/BillingOverviewPage.tsx";
import { DocumentsPage } from "./billing/DocumentsPage.tsx";
import { OrderDetailPage } from "./billing/OrderDetailPage.tsx";
import { OrdersPage } from "./billing/OrdersPage.tsx";
import { PurchaseHistoryPage } from "./billing/PurchaseHistoryPage.tsx";
import { SubscriptionDetailPage } from "./billing/SubscriptionDetailPage.tsx";
import { SubscriptionsPage } from "./billing/SubscriptionsPage.tsx";
import { CheckoutPage } from "./CheckoutPage.tsx";
import { OrderConfirmationPage } from "./OrderConfirmationPage.tsx";
import { RevenuePage } from "./revenue/RevenuePage.tsx";
import { StoreAccountPage } from "./StoreAccountPage.tsx";
import { StoreFrontPage } from "./StoreFrontPage.tsx";
import { StoreLoginPage } from "./StoreLoginPage.tsx";
import { RequireStoreUser } from "./StoreSession.tsx";
import { WorkspacePage } from "./WorkspacePage.tsx";

/** The children of /store/:alias (the Storefront's pages). */
export const storeRoutes: RouteObject[] = [
  { index: true, element: <StoreFrontPage /> },
  { path: "login", element: <StoreLoginPage /> },
  { path: "account", element: <StoreAccountPage /> },
  {
    path: "basket",
    element: (
      <RequireStoreUser>
        <BasketPage />
      </RequireStoreUser>
    ),
  },
  {
    path: "checkout",
    element: (
      <RequireStoreUser>
        <CheckoutPage />
      </RequireStoreUser>
    ),
  },
  {
    path: "orders/:id/confirmation",
    element: (
      <RequireStoreUser>
        <OrderConfirmationPage />
      </RequireStoreUser>
    ),
  },
  {
    path: "billing",
    element: <BillingLayout />,
    children: [
      { index: true, element: <BillingOverviewPage /> },
      { path: "orders", element: <OrdersPage /> },
      { path: "orders/:id", element: <OrderDetailPage /> },
      { path: "subscriptions", element: <SubscriptionsPage /> },
      { path: "subscriptions/:id", element: <SubscriptionDetailPage /> },
      { path: "subscriptions/:id/history", element: <PurchaseHistoryPage /> },
      { path: "documents", element: <DocumentsPage /> },
      { path: "revenue", element: <RevenuePage /> },
    ],
  },
  { path: "workspace", element: <WorkspacePage /> },
  { path: "*", element: <NotFoundPage /> },
];
