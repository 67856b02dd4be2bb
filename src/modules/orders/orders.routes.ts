import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { registerBssOrderRoutes } from "./orders-bss.routes.ts";
import { registerStorefrontOrderRoutes } from "./orders-storefront.routes.ts";

/** Orders: the back office's (/api/bss/orders) and the Storefront's basket, checkout and orders. */
export function registerOrderRoutes(app: App, deps: Deps): void {
  registerBssOrderRoutes(app, deps);
  registerStorefrontOrderRoutes(app, deps);
}
