import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss } from "../../http/auth.ts";
import { addUpgradePath } from "./add-upgrade-path.ts";
import {
  ExclusiveSetJson,
  exclusiveSetJson,
  IdParams,
  ProductDetailsJson,
  ProductJson,
  ProductTypeJson,
  pageJson,
  productDetailsJson,
  productJson,
  productTypeJson,
  UpgradePathJson,
  upgradePathJson,
} from "./catalog.http.ts";
import {
  AddUpgradePathInput,
  CreateProductInput,
  CreateProductTypeInput,
  ListProductsQuery,
  ListUpgradePathsQuery,
  UpdateProductInput,
  UpdateProductTypeInput,
} from "./catalog.types.ts";
import { createProduct } from "./create-product.ts";
import { createProductType } from "./create-product-type.ts";
import { getProduct } from "./get-product.ts";
import { getProductType } from "./get-product-type.ts";
import { listExclusiveSets } from "./list-exclusive-sets.ts";
import { listProductTypes } from "./list-product-types.ts";
import { listProducts } from "./list-products.ts";
import { listUpgradePaths } from "./list-upgrade-paths.ts";
import { removeUpgradePath } from "./remove-upgrade-path.ts";
import { updateProduct } from "./update-product.ts";
import { updateProductType } from "./update-product-type.ts";

/**
 * BSS catalogue structure: product types, products, upgrade paths, exclusive sets.
 * Viewers read; the structure (types, products, paths) is an admin's, like the service managers
 * that install it.
 */
export function registerProductRoutes(app: App, deps: Deps): void {
  const tags = ["bss: catalog"];
  const base = "/api/bss/catalog";

  app.get(
    `${base}/product-types`,
    {
      schema: {
        tags,
        summary: "List product types",
        response: { 200: z.object({ items: z.array(ProductTypeJson) }) },
      },
    },
    async (request) => ({
      items: (await listProductTypes(deps, requireBss(request, "viewer"))).map(productTypeJson),
    }),
  );

  app.post(
    `${base}/product-types`,
    {
      schema: {
        tags,
        summary: "Create a product type for custom products (with its full policies)",
        body: CreateProductTypeInput,
        response: { 201: ProductTypeJson },
      },
    },
    async (request, reply) => {
      const type = await createProductType(deps, requireBss(request, "admin"), request.body);
      return reply.status(201).send(productTypeJson(type));
    },
  );

  app.get(
    `${base}/product-types/:id`,
    {
      schema: {
        tags,
        summary: "Get a product type with its policies",
        params: IdParams,
        response: { 200: ProductTypeJson },
      },
    },
    async (request) =>
      productTypeJson(await getProductType(deps, requireBss(request, "viewer"), request.params.id)),
  );

  app.patch(
    `${base}/product-types/:id`,
    {
      schema: {
        tags,
        summary:
          "Edit a product type: its name and its cancellation options (R-CRQ-01: automatic execution of subscription / add-on cancellation requests, amount threshold in the tenant's currency)",
        params: IdParams,
        body: UpdateProductTypeInput,
        response: { 200: ProductTypeJson },
      },
    },
    async (request) =>
      productTypeJson(
        await updateProductType(deps, requireBss(request, "admin"), request.params.id, request.body),
      ),
  );

  app.get(
    `${base}/products`,
    {
      schema: {
        tags,
        summary: "List products (filter by productTypeId, term, kind, isTrial, status, q on name/SKU; sort)",
        querystring: ListProductsQuery,
        response: { 200: pageJson(ProductJson) },
      },
    },
    async (request) => {
      const page = await listProducts(deps, requireBss(request, "viewer"), request.query);
      return { ...page, items: page.items.map(productJson) };
    },
  );

  app.post(
    `${base}/products`,
    {
      schema: {
        tags,
        summary: "Create a custom product",
        body: CreateProductInput,
        response: { 201: ProductDetailsJson },
      },
    },
    async (request, reply) => {
      const product = await createProduct(deps, requireBss(request, "admin"), request.body);
      return reply.status(201).send(productDetailsJson(product));
    },
  );

  app.get(
    `${base}/products/:id`,
    {
      schema: {
        tags,
        summary:
          "Get a product with its add-ons, upgrades and downgrades (closure), exclusive sets and effective policies",
        params: IdParams,
        response: { 200: ProductDetailsJson },
      },
    },
    async (request) =>
      productDetailsJson(await getProduct(deps, requireBss(request, "viewer"), request.params.id)),
  );

  app.patch(
    `${base}/products/:id`,
    {
      schema: {
        tags,
        summary:
          "Update a product (a service manager's product: name, description, features, prices and policies only)",
        params: IdParams,
        body: UpdateProductInput,
        response: { 200: ProductDetailsJson },
      },
    },
    async (request) =>
      productDetailsJson(
        await updateProduct(deps, requireBss(request, "admin"), request.params.id, request.body),
      ),
  );

  app.get(
    `${base}/upgrade-paths`,
    {
      schema: {
        tags,
        summary: "List declared upgrade paths (filter by productId, productTypeId, source)",
        querystring: ListUpgradePathsQuery,
        response: { 200: pageJson(UpgradePathJson) },
      },
    },
    async (request) => {
      const page = await listUpgradePaths(deps, requireBss(request, "viewer"), request.query);
      return { ...page, items: page.items.map(upgradePathJson) };
    },
  );

  app.post(
    `${base}/upgrade-paths`,
    {
      schema: {
        tags,
        summary: "Declare an upgrade path (R-UPG-06: same product type, no cycle; R-UPG-02: same term)",
        body: AddUpgradePathInput,
        response: { 201: UpgradePathJson },
      },
    },
    async (request, reply) => {
      const path = await addUpgradePath(deps, requireBss(request, "admin"), request.body);
      return reply.status(201).send(upgradePathJson(path));
    },
  );

  app.delete(
    `${base}/upgrade-paths/:id`,
    {
      schema: {
        tags,
        summary: "Remove a hand-made upgrade path",
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeUpgradePath(deps, requireBss(request, "admin"), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    `${base}/exclusive-sets`,
    {
      schema: {
        tags,
        summary: "List mutually exclusive product sets (R-CAT-06)",
        response: { 200: z.object({ items: z.array(ExclusiveSetJson) }) },
      },
    },
    async (request) => ({
      items: (await listExclusiveSets(deps, requireBss(request, "viewer"))).map(exclusiveSetJson),
    }),
  );
}
