import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireStorefront } from "../../http/auth.ts";
import { StoreJson, storeJson } from "./catalog.http.ts";
import { registerPricingRoutes } from "./catalog-pricing.routes.ts";
import { registerProductRoutes } from "./catalog-products.routes.ts";
import { registerProtectionRoutes } from "./catalog-protection.routes.ts";
import { getStore } from "./get-store.ts";
import { getStorefrontCatalog } from "./get-storefront-catalog.ts";
import { registerPromotionRoutes } from "./promotions.routes.ts";
import { registerServiceManagerRoutes } from "./service-managers.routes.ts";

/** Every route of the catalog module (mounted in src/http/server.ts). */
export function registerCatalogRoutes(app: App, deps: Deps): void {
  registerProductRoutes(app, deps);
  registerPricingRoutes(app, deps);
  registerProtectionRoutes(app, deps);
  registerPromotionRoutes(app, deps);
  registerServiceManagerRoutes(app, deps);
  registerStorefrontCatalogRoutes(app, deps);
}

function registerStorefrontCatalogRoutes(app: App, deps: Deps): void {
  const tags = ["storefront: catalog"];
  app.get(
    "/api/storefront/stores/:alias",
    {
      schema: {
        tags,
        summary:
          "A reseller's public Storefront (no sign-in): its name and published products and groups, priced",
        params: z.strictObject({ alias: z.string().min(1).max(60) }),
        response: { 200: StoreJson },
      },
    },
    async (request) => storeJson(await getStore(deps, request.params.alias)),
  );
  app.get(
    "/api/storefront/catalog",
    {
      schema: {
        tags,
        summary:
          "What the signed-in user can order: their reseller's published products (store null without a Storefront)",
        response: { 200: z.object({ store: StoreJson.nullable() }) },
      },
    },
    async (request) => {
      const { store } = await getStorefrontCatalog(deps, requireStorefront(request));
      return { store: store ? storeJson(store) : null };
    },
  );
}
