import { createBrowserRouter, Navigate } from "react-router";
import { NotFoundPage } from "./components/NotFoundPage.tsx";
import { Loading } from "./components/States.tsx";
import { page } from "./lazy-route.tsx";
import { storeRoutes } from "./store/store.routes.tsx";

const session = () => import("./bss/session.tsx").then((m) => m.RequireBss);
const loading = <Loading />;

// Every page and layout is a lazy route with a chunk of its own (lazy-route.tsx): the first load
// of a page is the entry (React, Mantine, the router) plus that page's code; the back office
// and the Storefront are not in each other's first load (docs/performance.md).
export const router = createBrowserRouter([
  { path: "/", element: <Navigate to="/bss" replace /> },
  {
    path: "/bss/login",
    lazy: page(() => import("./bss/BssLoginPage.tsx"), "BssLoginPage"),
    hydrateFallbackElement: loading,
  },
  {
    path: "/bss",
    lazy: page(() => import("./bss/BssLayout.tsx"), "BssLayout", session),
    hydrateFallbackElement: loading,
    children: [
      { index: true, lazy: page(() => import("./bss/DashboardPage.tsx"), "DashboardPage") },
      { path: "accounts", lazy: page(() => import("./bss/accounts/AccountsPage.tsx"), "AccountsPage") },
      {
        path: "accounts/:id",
        lazy: page(() => import("./bss/accounts/AccountDetailPage.tsx"), "AccountDetailPage"),
      },
      {
        path: "catalogue",
        lazy: page(() => import("./bss/catalog/CatalogLayout.tsx"), "CatalogLayout"),
        children: [
          { index: true, lazy: page(() => import("./bss/catalog/ProductsPage.tsx"), "ProductsPage") },
          {
            path: "product-types",
            lazy: page(() => import("./bss/catalog/ProductTypesPage.tsx"), "ProductTypesPage"),
          },
          {
            path: "upgrade-paths",
            lazy: page(() => import("./bss/catalog/UpgradePathsPage.tsx"), "UpgradePathsPage"),
          },
          {
            path: "publishing",
            lazy: page(() => import("./bss/catalog/PublishingPage.tsx"), "PublishingPage"),
          },
        ],
      },
      {
        path: "catalogue/products/:id",
        lazy: page(() => import("./bss/catalog/ProductDetailPage.tsx"), "ProductDetailPage"),
      },
      {
        path: "price-lists",
        lazy: page(() => import("./bss/price-lists/PriceListsPage.tsx"), "PriceListsPage"),
      },
      {
        path: "price-lists/:id",
        lazy: page(() => import("./bss/price-lists/PriceListDetailPage.tsx"), "PriceListDetailPage"),
      },
      {
        path: "promotions",
        lazy: page(() => import("./bss/promotions/PromotionsPage.tsx"), "PromotionsPage"),
      },
      { path: "orders", lazy: page(() => import("./bss/orders/OrdersPage.tsx"), "OrdersPage") },
      { path: "orders/new", lazy: page(() => import("./bss/orders/NewOrderPage.tsx"), "NewOrderPage") },
      { path: "orders/:id", lazy: page(() => import("./bss/orders/OrderDetailPage.tsx"), "OrderDetailPage") },
      {
        path: "subscriptions",
        lazy: page(() => import("./bss/subscriptions/SubscriptionsPage.tsx"), "SubscriptionsPage"),
      },
      {
        path: "subscriptions/:id",
        lazy: page(() => import("./bss/subscriptions/SubscriptionDetailPage.tsx"), "SubscriptionDetailPage"),
      },
      {
        path: "cancellation-requests",
        lazy: page(
          () => import("./bss/subscriptions/CancellationRequestsPage.tsx"),
          "CancellationRequestsPage",
        ),
      },
      {
        path: "cancellation-requests/:id",
        lazy: page(
          () => import("./bss/subscriptions/CancellationRequestsPage.tsx"),
          "CancellationRequestsPage",
        ),
      },
      {
        path: "billing/documents",
        lazy: page(() => import("./bss/billing/DocumentsPage.tsx"), "DocumentsPage"),
      },
      {
        path: "billing/documents/:id",
        lazy: page(() => import("./bss/billing/DocumentDetailPage.tsx"), "DocumentDetailPage"),
      },
      {
        path: "billing/runs",
        lazy: page(() => import("./bss/billing/BillingRunsPage.tsx"), "BillingRunsPage"),
      },
      { path: "sandbox/clock", lazy: page(() => import("./bss/sandbox/ClockPage.tsx"), "ClockPage") },
      { path: "mailbox", lazy: page(() => import("./bss/sandbox/MailboxPage.tsx"), "MailboxPage") },
      {
        path: "settings/company",
        lazy: page(() => import("./bss/settings/CompanyDetailsPage.tsx"), "CompanyDetailsPage"),
      },
      {
        path: "tenant-resellers",
        lazy: page(() => import("./bss/tenants/TenantResellersPage.tsx"), "TenantResellersPage"),
      },
      {
        path: "tenant-resellers/:id",
        lazy: page(() => import("./bss/tenants/TenantResellerPage.tsx"), "TenantResellerPage"),
      },
      {
        path: "service-managers",
        lazy: page(() => import("./bss/service-managers/ServiceManagersPage.tsx"), "ServiceManagersPage"),
      },
      {
        path: "service-managers/:id",
        lazy: page(() => import("./bss/service-managers/ServiceManagerPage.tsx"), "ServiceManagerPage"),
      },
      { path: "webhooks", lazy: page(() => import("./bss/webhooks/WebhooksPage.tsx"), "WebhooksPage") },
      {
        path: "webhooks/:id",
        lazy: page(() => import("./bss/webhooks/WebhookEndpointPage.tsx"), "WebhookEndpointPage"),
      },
      { path: "*", element: <NotFoundPage home="/bss" /> },
    ],
  },
  {
    path: "/store/:alias",
    lazy: page(() => import("./store/StoreLayout.tsx"), "StoreLayout"),
    hydrateFallbackElement: loading,
    children: storeRoutes,
  },
  { path: "*", element: <NotFoundPage home="/bss" /> },
]);
