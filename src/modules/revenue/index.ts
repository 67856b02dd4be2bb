/** The revenue module's public API (issue 16): no tables of its own; composes subscriptions, billing, tenancy, catalog. */
export { getRevenue, monthsUntil, type Revenue, RevenueQuery } from "./get-revenue.ts";
export { getSpend } from "./get-spend.ts";
export { registerRevenueRoutes } from "./revenue.routes.ts";
