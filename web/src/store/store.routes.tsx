import type { RouteObject } from "react-router";
import { NotFoundPage } from "../components/NotFoundPage.tsx";
import { page } from "../lazy-route.tsx";

const signedIn = () => import("./StoreSession.tsx").then((m) => m.RequireStoreUser);

/** The children of /store/:alias (the Storefront's pages), each a lazy route (lazy-route.tsx). */
export const storeRoutes: RouteObject[] = [
  { index: true, lazy: page(() => import("./StoreFrontPage.tsx"), "StoreFrontPage") },
  { path: "login", lazy: page(() => import("./StoreLoginPage.tsx"), "StoreLoginPage") },
  { path: "account", lazy: page(() => import("./StoreAccountPage.tsx"), "StoreAccountPage") },
  { path: "basket", lazy: page(() => import("./BasketPage.tsx"), "BasketPage", signedIn) },
  { path: "checkout", lazy: page(() => import("./CheckoutPage.tsx"), "CheckoutPage", signedIn) },
  {
    path: "orders/:id/confirmation",
    lazy: page(() => import("./OrderConfirmationPage.tsx"), "OrderConfirmationPage", signedIn),
  },
  {
    path: "billing",
    lazy: page(() => import("./billing/BillingLayout.tsx"), "BillingLayout"),
    children: [
      { index: true, lazy: page(() => import("./billing/BillingOverviewPage.tsx"), "BillingOverviewPage") },
      { path: "orders", lazy: page(() => import("./billing/OrdersPage.tsx"), "OrdersPage") },
      { path: "orders/:id", lazy: page(() => import("./billing/OrderDetailPage.tsx"), "OrderDetailPage") },
      {
        path: "subscriptions",
        lazy: page(() => import("./billing/SubscriptionsPage.tsx"), "SubscriptionsPage"),
      },
      {
        path: "subscriptions/:id",
        lazy: page(() => import("./billing/SubscriptionDetailPage.tsx"), "SubscriptionDetailPage"),
      },
      {
        path: "subscriptions/:id/history",
        lazy: page(() => import("./billing/PurchaseHistoryPage.tsx"), "PurchaseHistoryPage"),
      },
      { path: "documents", lazy: page(() => import("./billing/DocumentsPage.tsx"), "DocumentsPage") },
      {
        path: "documents/:id",
        lazy: page(() => import("./billing/DocumentDetailPage.tsx"), "DocumentDetailPage"),
      },
      { path: "revenue", lazy: page(() => import("./revenue/RevenuePage.tsx"), "RevenuePage") },
    ],
  },
  { path: "workspace", lazy: page(() => import("./WorkspacePage.tsx"), "WorkspacePage") },
  { path: "*", element: <NotFoundPage /> },
];
