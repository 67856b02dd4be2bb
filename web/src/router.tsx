import { createBrowserRouter, Navigate } from "react-router";
import { AccountDetailPage } from "./bss/accounts/AccountDetailPage.tsx";
import { AccountsPage } from "./bss/accounts/AccountsPage.tsx";
import { BssLayout } from "./bss/BssLayout.tsx";
import { BssLoginPage } from "./bss/BssLoginPage.tsx";
import { BillingRunsPage } from "./bss/billing/BillingRunsPage.tsx";
import { DocumentDetailPage } from "./bss/billing/DocumentDetailPage.tsx";
import { DocumentsPage } from "./bss/billing/DocumentsPage.tsx";
import { CatalogLayout } from "./bss/catalog/CatalogLayout.tsx";
import { ProductDetailPage } from "./bss/catalog/ProductDetailPage.tsx";
import { ProductsPage } from "./bss/catalog/ProductsPage.tsx";
import { ProductTypesPage } from "./bss/catalog/ProductTypesPage.tsx";
import { PublishingPage } from "./bss/catalog/PublishingPage.tsx";
import { UpgradePathsPage } from "./bss/catalog/UpgradePathsPage.tsx";
import { DashboardPage } from "./bss/DashboardPage.tsx";
import { NewOrderPage } from "./bss/orders/NewOrderPage.tsx";
import { OrderDetailPage } from "./bss/orders/OrderDetailPage.tsx";
import { OrdersPage } from "./bss/orders/OrdersPage.tsx";
import { PriceListDetailPage } from "./bss/price-lists/PriceListDetailPage.tsx";
import { PriceListsPage } from "./bss/price-lists/PriceListsPage.tsx";
import { PromotionsPage } from "./bss/promotions/PromotionsPage.tsx";
import { ClockPage } from "./bss/sandbox/ClockPage.tsx";
import { MailboxPage } from "./bss/sandbox/MailboxPage.tsx";
import { ServiceManagerPage } from "./bss/service-managers/ServiceManagerPage.tsx";
import { ServiceManagersPage } from "./bss/service-managers/ServiceManagersPage.tsx";
import { RequireBss } from "./bss/session.tsx";
import { CompanyDetailsPage } from "./bss/settings/CompanyDetailsPage.tsx";
import { CancellationRequestsPage } from "./bss/subscriptions/CancellationRequestsPage.tsx";
import { SubscriptionDetailPage } from "./bss/subscriptions/SubscriptionDetailPage.tsx";
import { SubscriptionsPage } from "./bss/subscriptions/SubscriptionsPage.tsx";
import { TenantResellerPage } from "./bss/tenants/TenantResellerPage.tsx";
import { TenantResellersPage } from "./bss/tenants/TenantResellersPage.tsx";
import { WebhookEndpointPage } from "./bss/webhooks/WebhookEndpointPage.tsx";
import { WebhooksPage } from "./bss/webhooks/WebhooksPage.tsx";
import { NotFoundPage } from "./components/NotFoundPage.tsx";
import { StoreLayout } from "./store/StoreLayout.tsx";
import { storeRoutes } from "./store/store.routes.tsx";

export const router = createBrowserRouter([
  { path: "/", element: <Navigate to="/bss" replace /> },
  { path: "/bss/login", element: <BssLoginPage /> },
  {
    path: "/bss",
    element: (
      <RequireBss>
        <BssLayout />
      </RequireBss>
    ),
    children: [
      { index: true, element: <DashboardPage /> },
      { path: "accounts", element: <AccountsPage /> },
      { path: "accounts/:id", element: <AccountDetailPage /> },
      {
        path: "catalogue",
        element: <CatalogLayout />,
        children: [
          { index: true, element: <ProductsPage /> },
          { path: "product-types", element: <ProductTypesPage /> },
          { path: "upgrade-paths", element: <UpgradePathsPage /> },
          { path: "publishing", element: <PublishingPage /> },
        ],
      },
      { path: "catalogue/products/:id", element: <ProductDetailPage /> },
      { path: "price-lists", element: <PriceListsPage /> },
      { path: "price-lists/:id", element: <PriceListDetailPage /> },
      { path: "promotions", element: <PromotionsPage /> },
      { path: "orders", element: <OrdersPage /> },
      { path: "orders/new", element: <NewOrderPage /> },
      { path: "orders/:id", element: <OrderDetailPage /> },
      { path: "subscriptions", element: <SubscriptionsPage /> },
      { path: "subscriptions/:id", element: <SubscriptionDetailPage /> },
      { path: "cancellation-requests", element: <CancellationRequestsPage /> },
      { path: "cancellation-requests/:id", element: <CancellationRequestsPage /> },
      { path: "billing/documents", element: <DocumentsPage /> },
      { path: "billing/documents/:id", element: <DocumentDetailPage /> },
      { path: "billing/runs", element: <BillingRunsPage /> },
      { path: "sandbox/clock", element: <ClockPage /> },
      { path: "mailbox", element: <MailboxPage /> },
      { path: "settings/company", element: <CompanyDetailsPage /> },
      { path: "tenant-resellers", element: <TenantResellersPage /> },
      { path: "tenant-resellers/:id", element: <TenantResellerPage /> },
      { path: "service-managers", element: <ServiceManagersPage /> },
      { path: "service-managers/:id", element: <ServiceManagerPage /> },
      { path: "webhooks", element: <WebhooksPage /> },
      { path: "webhooks/:id", element: <WebhookEndpointPage /> },
      { path: "*", element: <NotFoundPage home="/bss" /> },
    ],
  },
  {
    path: "/store/:alias",
    element: <StoreLayout />,
    children: storeRoutes,
  },
  { path: "*", element: <NotFoundPage home="/bss" /> },
]);
