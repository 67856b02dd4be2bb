/** The catalog module's public API: the only file other modules import. */

export type {
  AddonRule,
  BillingPlan,
  ChangeAction,
  ChangeOutcome,
  ChangeRule,
  ProductTypePolicies,
  Term,
} from "../../service-managers/services-definition.ts";
export { addUpgradePath } from "./add-upgrade-path.ts";
export { catalogJobHandlers } from "./catalog.jobs.ts";
export { registerCatalogRoutes } from "./catalog.routes.ts";
export {
  applyMarkup,
  checkUpgradePath,
  findCycle,
  type PriceSource,
  reachableFrom,
  resolveUnitPrice,
  upgradesAndDowngrades,
} from "./catalog.rules.ts";
export type { SyncSummary } from "./catalog.sync.ts";
export type {
  ActorRef,
  CancellationOptions,
  Characteristics,
  ExclusiveSet,
  ListResult,
  Policies,
  Product,
  ProductDetails,
  ProductSummary,
  ProductType,
  SaleProduct,
  TenantScope,
  UpgradePath,
} from "./catalog.types.ts";
export { type AppliedPromotion, choosePromotion, type PromotionQuery } from "./choose-promotion.ts";
export { createPriceList } from "./create-price-list.ts";
export { createPriceProtectionTerm } from "./create-price-protection-term.ts";
export { createProduct } from "./create-product.ts";
export { createProductGroup } from "./create-product-group.ts";
export { createProductType } from "./create-product-type.ts";
export { createPromotion } from "./create-promotion.ts";
export { createServiceManagerInstance } from "./create-service-manager-instance.ts";
export { deletePriceListEntry } from "./delete-price-list-entry.ts";
export { endPromotion } from "./end-promotion.ts";
export { ensureServiceManagerInstance } from "./ensure-service-manager-instance.ts";
export { executeServicesDefinitionRun, type ProgressFn } from "./execute-services-definition-run.ts";
export { findProductNames } from "./find-product-names.ts";
export { findExistingProductIds, findProductsBySku, findSkus } from "./find-products-by-sku.ts";
export {
  findProtectionMonths,
  type ProtectionKey,
  protectedUntil,
  protectionKey,
} from "./find-protection-months.ts";
export { getCancellationOptions } from "./get-cancellation-options.ts";
export { effectivePolicies, getProduct, loadProductDetails } from "./get-product.ts";
export { getProductGroup } from "./get-product-group.ts";
export { getProductType } from "./get-product-type.ts";
export { getPromotion } from "./get-promotion.ts";
export { getServiceManager } from "./get-service-manager.ts";
export { getServiceManagerRun, type RunView } from "./get-service-manager-run.ts";
export { getStore } from "./get-store.ts";
export { getStorefrontCatalog } from "./get-storefront-catalog.ts";
export { listExclusiveSets } from "./list-exclusive-sets.ts";
export { listPriceListEntries } from "./list-price-list-entries.ts";
export { getPriceList, listPriceLists } from "./list-price-lists.ts";
export { listProductGroups } from "./list-product-groups.ts";
export { listProductTypes } from "./list-product-types.ts";
export { listProducts } from "./list-products.ts";
export { listPromotions } from "./list-promotions.ts";
export { listPublishedProducts } from "./list-published-products.ts";
export { listServiceManagerRuns } from "./list-service-manager-runs.ts";
export { listServiceManagers, type ServiceManagerView } from "./list-service-managers.ts";
export { listStorefrontProducts } from "./list-storefront-products.ts";
export { listStorefrontPublications } from "./list-storefront-publications.ts";
export { listUpgradePaths } from "./list-upgrade-paths.ts";
export { clearSaleProductCache, loadProductsForSale } from "./load-products-for-sale.ts";
export type { PriceList } from "./price-list.view.ts";
export type { EntryInput, PriceListEntry } from "./price-list-entry.view.ts";
export type { ProductGroup } from "./product-group.view.ts";
export type { Promotion } from "./promotion.view.ts";
export type { Publication } from "./publication.view.ts";
export { publishToStorefront } from "./publish-to-storefront.ts";
export { removeUpgradePath } from "./remove-upgrade-path.ts";
export { GET_SERVICES_DEFINITION_JOB, requestServicesDefinition } from "./request-services-definition.ts";
export { type ResolvedPrice, resolvePrices } from "./resolve-prices.ts";
export { setProductGroupMembers } from "./set-product-group-members.ts";
export type { StoreProduct, StoreView } from "./store.view.ts";
export { isStorefrontReseller } from "./storefront-reseller.ts";
export { unpublishFromStorefront } from "./unpublish-from-storefront.ts";
export { updatePriceList } from "./update-price-list.ts";
export { updateProduct } from "./update-product.ts";
export { updateProductType } from "./update-product-type.ts";
export { updatePromotion } from "./update-promotion.ts";
export { upsertPriceListEntries } from "./upsert-price-list-entries.ts";
