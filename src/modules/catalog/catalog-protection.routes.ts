import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss } from "../../http/auth.ts";
import { IdParams, PageQuery, pageJson } from "./catalog.http.ts";
import { createPriceProtectionTerm } from "./create-price-protection-term.ts";
import { getPriceProtectionTerm, listPriceProtectionTerms } from "./list-price-protection-terms.ts";
import type { PriceProtectionTerm } from "./price-protection.view.ts";
import { deletePriceProtectionTerm, updatePriceProtectionTerm } from "./update-price-protection-term.ts";

const Term = z.enum(["MCMB", "AC1M", "AC1Y"]);
const Months = z.number().int().min(0).max(120);
const Currency = z.string().regex(/^[A-Z]{3}$/, "an ISO currency code such as EUR");
const Id = z.string().min(1).max(100);

const CreateBody = z.strictObject({
  productId: Id.optional(),
  productTypeId: Id.optional(),
  currency: Currency,
  term: Term,
  months: Months,
});
const UpdateBody = z.strictObject({ months: Months });
const ListQuery = PageQuery.extend({ productId: Id.optional(), productTypeId: Id.optional() });

export const PriceProtectionTermJson = z.object({
  id: z.string(),
  productId: z.string().nullable(),
  productTypeId: z.string().nullable(),
  currency: z.string(),
  term: Term,
  months: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const termJson = (t: PriceProtectionTerm): z.infer<typeof PriceProtectionTermJson> => ({
  ...t,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

/** R-PRC-02 price protection terms (issue 14): viewers read, clerks write. */
export function registerProtectionRoutes(app: App, deps: Deps): void {
  const base = "/api/bss/catalog/price-protection-terms";
  const tags = ["bss: catalog"];
  app.get(
    base,
    {
      schema: {
        tags,
        summary: "List price protection terms (filter by productId or productTypeId)",
        querystring: ListQuery,
        response: { 200: pageJson(PriceProtectionTermJson) },
      },
    },
    async (request) => {
      const page = await listPriceProtectionTerms(deps, requireBss(request, "viewer"), request.query);
      return { ...page, items: page.items.map(termJson) };
    },
  );
  app.post(
    base,
    {
      schema: {
        tags,
        summary:
          "Create a price protection term (R-PRC-02): months for a product or a product type, a currency and a commitment term; 0 = off",
        body: CreateBody,
        response: { 201: PriceProtectionTermJson },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(termJson(await createPriceProtectionTerm(deps, requireBss(request, "clerk"), request.body))),
  );
  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: "Get a price protection term",
        params: IdParams,
        response: { 200: PriceProtectionTermJson },
      },
    },
    async (request) =>
      termJson(await getPriceProtectionTerm(deps, requireBss(request, "viewer"), request.params.id)),
  );
  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: "Change a price protection term's months (0 = off)",
        params: IdParams,
        body: UpdateBody,
        response: { 200: PriceProtectionTermJson },
      },
    },
    async (request) =>
      termJson(
        await updatePriceProtectionTerm(deps, requireBss(request, "clerk"), request.params.id, request.body),
      ),
  );
  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: "Delete a price protection term",
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deletePriceProtectionTerm(deps, requireBss(request, "clerk"), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
