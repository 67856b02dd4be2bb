import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss } from "../../http/auth.ts";
import { sortParam } from "../../shared/paging.ts";
import {
  IdParams,
  PageQuery,
  PriceListEntryJson,
  PriceListJson,
  ProductGroupJson,
  ProductJson,
  PublicationJson,
  pageJson,
  priceListEntryJson,
  priceListJson,
  productGroupJson,
  productJson,
  publicationJson,
} from "./catalog.http.ts";
import { ENTRY_SORTS, PRICE_LIST_SORTS } from "./catalog.types.ts";
import { createPriceList } from "./create-price-list.ts";
import { createProductGroup } from "./create-product-group.ts";
import { deletePriceListEntry } from "./delete-price-list-entry.ts";
import { getProductGroup } from "./get-product-group.ts";
import { listPriceListEntries } from "./list-price-list-entries.ts";
import { getPriceList, listPriceLists } from "./list-price-lists.ts";
import { listProductGroups } from "./list-product-groups.ts";
import { listStorefrontProducts } from "./list-storefront-products.ts";
import { listStorefrontPublications } from "./list-storefront-publications.ts";
import { publishToStorefront } from "./publish-to-storefront.ts";
import { setProductGroupMembers } from "./set-product-group-members.ts";
import { unpublishFromStorefront } from "./unpublish-from-storefront.ts";
import { updatePriceList } from "./update-price-list.ts";
import { upsertPriceListEntries } from "./upsert-price-list-entries.ts";

const Amount = z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, 'a decimal amount such as "12.00"');
const Markup = z.number().int().min(-10_000).max(1_000_000);
const CreatePriceListBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  isDefault: z.boolean().optional(),
  ownerAccountId: z.string().min(1).nullable().optional(),
  markupBasisPoints: Markup.nullable().optional(),
});
const UpdatePriceListBody = CreatePriceListBody.omit({ currency: true }).partial();
const EntriesBody = z.strictObject({
  entries: z
    .array(
      z.strictObject({ productId: z.string().min(1), unitPrice: Amount, cost: Amount.nullable().optional() }),
    )
    .min(1)
    .max(5000),
});
const EntriesQuery = PageQuery.extend({
  q: z.string().trim().min(1).max(200).optional(),
  sort: sortParam(ENTRY_SORTS),
});
const PriceListsQuery = PageQuery.extend({ sort: sortParam(PRICE_LIST_SORTS) });
const EntryParams = z.strictObject({ id: z.string().min(1), productId: z.string().min(1) });
const GroupBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable().optional(),
  productIds: z.array(z.string().min(1)).max(500).optional(),
});
const MembersBody = z.strictObject({ productIds: z.array(z.string().min(1)).max(500) });
const ResellerParams = z.strictObject({ resellerAccountId: z.string().min(1) });
const PublicationParams = ResellerParams.extend({ publicationId: z.string().min(1) });
const PublishBody = z.strictObject({
  productId: z.string().min(1).optional(),
  productGroupId: z.string().min(1).optional(),
});

/** Price lists, product groups and Storefront publishing (R-CAT-07): viewers read, clerks write. */
export function registerPricingRoutes(app: App, deps: Deps): void {
  const base = "/api/bss/catalog";
  const tags = ["bss: catalog"];

  app.get(
    `${base}/price-lists`,
    {
      schema: {
        tags,
        summary: "List price lists (sort by name, currency or createdAt; page)",
        querystring: PriceListsQuery,
        response: { 200: pageJson(PriceListJson) },
      },
    },
    async (request) => {
      const page = await listPriceLists(deps, requireBss(request, "viewer"), request.query);
      return { ...page, items: page.items.map(priceListJson) };
    },
  );
  app.post(
    `${base}/price-lists`,
    {
      schema: {
        tags,
        summary:
          "Create a price list (isDefault takes the flag from the previous default; ownerAccountId = a reseller's list)",
        body: CreatePriceListBody,
        response: { 201: PriceListJson },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(priceListJson(await createPriceList(deps, requireBss(request, "clerk"), request.body))),
  );
  app.get(
    `${base}/price-lists/:id`,
    { schema: { tags, summary: "Get a price list", params: IdParams, response: { 200: PriceListJson } } },
    async (request) =>
      priceListJson(await getPriceList(deps, requireBss(request, "viewer"), request.params.id)),
  );
  app.patch(
    `${base}/price-lists/:id`,
    {
      schema: {
        tags,
        summary: "Update a price list",
        params: IdParams,
        body: UpdatePriceListBody,
        response: { 200: PriceListJson },
      },
    },
    async (request) =>
      priceListJson(
        await updatePriceList(deps, requireBss(request, "clerk"), request.params.id, request.body),
      ),
  );
  app.get(
    `${base}/price-lists/:id/entries`,
    {
      schema: {
        tags,
        summary: "List a price list's entries (q on product name/SKU; sort; page)",
        params: IdParams,
        querystring: EntriesQuery,
        response: { 200: pageJson(PriceListEntryJson) },
      },
    },
    async (request) => {
      const page = await listPriceListEntries(
        deps,
        requireBss(request, "viewer"),
        request.params.id,
        request.query,
      );
      return { ...page, items: page.items.map(priceListEntryJson) };
    },
  );
  app.put(
    `${base}/price-lists/:id/entries`,
    {
      schema: {
        tags,
        summary: "Add or replace entries (unit price per unit and commitment term)",
        params: IdParams,
        body: EntriesBody,
        response: { 200: z.object({ upserted: z.number() }) },
      },
    },
    async (request) =>
      upsertPriceListEntries(deps, requireBss(request, "clerk"), request.params.id, request.body.entries),
  );
  app.delete(
    `${base}/price-lists/:id/entries/:productId`,
    {
      schema: { tags, summary: "Remove a product's entry", params: EntryParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deletePriceListEntry(
        deps,
        requireBss(request, "clerk"),
        request.params.id,
        request.params.productId,
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    `${base}/product-groups`,
    {
      schema: {
        tags,
        summary: "List product groups",
        querystring: PageQuery,
        response: { 200: pageJson(ProductGroupJson) },
      },
    },
    async (request) => {
      const page = await listProductGroups(deps, requireBss(request, "viewer"), request.query);
      return { ...page, items: page.items.map(productGroupJson) };
    },
  );
  app.post(
    `${base}/product-groups`,
    {
      schema: {
        tags,
        summary: "Create a product group",
        body: GroupBody,
        response: { 201: ProductGroupJson },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(productGroupJson(await createProductGroup(deps, requireBss(request, "clerk"), request.body))),
  );
  app.get(
    `${base}/product-groups/:id`,
    {
      schema: { tags, summary: "Get a product group", params: IdParams, response: { 200: ProductGroupJson } },
    },
    async (request) =>
      productGroupJson(await getProductGroup(deps, requireBss(request, "viewer"), request.params.id)),
  );
  app.put(
    `${base}/product-groups/:id/members`,
    {
      schema: {
        tags,
        summary: "Replace a group's products (in display order)",
        params: IdParams,
        body: MembersBody,
        response: { 200: ProductGroupJson },
      },
    },
    async (request) =>
      productGroupJson(
        await setProductGroupMembers(
          deps,
          requireBss(request, "clerk"),
          request.params.id,
          request.body.productIds,
        ),
      ),
  );

  const pubs = `${base}/storefronts/:resellerAccountId`;
  app.get(
    `${pubs}/publications`,
    {
      schema: {
        tags,
        summary: "List a reseller's Storefront publications",
        params: ResellerParams,
        response: { 200: z.object({ items: z.array(PublicationJson) }) },
      },
    },
    async (request) => ({
      items: (
        await listStorefrontPublications(
          deps,
          requireBss(request, "viewer"),
          request.params.resellerAccountId,
        )
      ).map(publicationJson),
    }),
  );
  app.post(
    `${pubs}/publications`,
    {
      schema: {
        tags,
        summary:
          "Publish a product or a product group in a Standard Edition reseller's Storefront (R-CAT-07)",
        params: ResellerParams,
        body: PublishBody,
        response: { 201: PublicationJson },
      },
    },
    async (request, reply) => {
      const pub = await publishToStorefront(
        deps,
        requireBss(request, "clerk"),
        request.params.resellerAccountId,
        request.body,
      );
      return reply.status(201).send(publicationJson(pub));
    },
  );
  app.delete(
    `${pubs}/publications/:publicationId`,
    { schema: { tags, summary: "Unpublish", params: PublicationParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const { resellerAccountId, publicationId } = request.params;
      await unpublishFromStorefront(deps, requireBss(request, "clerk"), resellerAccountId, publicationId);
      return reply.status(204).send(null);
    },
  );
  app.get(
    `${pubs}/published-products`,
    {
      schema: {
        tags,
        summary: "The products orderable in the reseller's Storefront (published directly or in a group)",
        params: ResellerParams,
        response: { 200: z.object({ items: z.array(ProductJson) }) },
      },
    },
    async (request) => {
      const items = await listStorefrontProducts(
        deps,
        requireBss(request, "viewer"),
        request.params.resellerAccountId,
      );
      return { items: items.map(productJson) };
    },
  );
}
