import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss } from "../../http/auth.ts";
import { DateString } from "../../shared/dates.ts";
import { toMoneyJson } from "../../shared/money.ts";
import { Paging, sortParam } from "../../shared/paging.ts";
import { IdParams, pageJson } from "./catalog.http.ts";
import { PROMOTION_SORTS } from "./catalog.types.ts";
import { createPromotion } from "./create-promotion.ts";
import { endPromotion } from "./end-promotion.ts";
import { getPromotion } from "./get-promotion.ts";
import { listPromotions } from "./list-promotions.ts";
import type { Promotion } from "./promotion.view.ts";
import { updatePromotion } from "./update-promotion.ts";

const Amount = z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, 'a decimal amount such as "12.00"');
const Ids = z.array(z.string().min(1).max(200)).max(500);
const Fields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable().optional(),
  startDate: DateString,
  endDate: DateString.nullable().optional(),
  productIds: Ids.min(1),
  terms: z
    .array(z.enum(["MCMB", "AC1M", "AC1Y"]))
    .min(1)
    .max(3),
  kind: z.enum(["one_time", "recurring", "limited_recurring"]),
  cycles: z.number().int().min(1).max(1000).nullable().optional(),
  valueType: z.enum(["monetary", "percentage"]),
  amount: Amount.nullable().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable()
    .optional(),
  basisPoints: z.number().int().min(1).max(10_000).nullable().optional(),
  newCustomersOnly: z.boolean().optional(),
  prerequisiteProductIds: Ids.optional(),
};
const CreateBody = z.strictObject(Fields);
const UpdateBody = z.strictObject({
  ...Fields,
  name: Fields.name.optional(),
  startDate: Fields.startDate.optional(),
  productIds: Fields.productIds.optional(),
  terms: Fields.terms.optional(),
  kind: Fields.kind.optional(),
  valueType: Fields.valueType.optional(),
});
const EndBody = z.strictObject({ endDate: DateString.optional() });
const ListQuery = z.strictObject({
  ...Paging,
  activeOn: DateString.optional(),
  productId: z.string().min(1).max(200).optional(),
  status: z.enum(["scheduled", "active", "ended"]).optional(),
  sort: sortParam(PROMOTION_SORTS),
});

export const PromotionJson = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  terms: z.array(z.string()),
  kind: z.string(),
  cycles: z.number().nullable(),
  valueType: z.string(),
  amount: z.object({ currency: z.string(), minor: z.string(), decimal: z.string() }).nullable(),
  basisPoints: z.number().nullable(),
  newCustomersOnly: z.boolean(),
  productIds: z.array(z.string()),
  prerequisiteProductIds: z.array(z.string()),
  status: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function promotionJson(p: Promotion): z.infer<typeof PromotionJson> {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    startDate: p.startDate,
    endDate: p.endDate,
    terms: p.terms,
    kind: p.kind,
    cycles: p.cycles,
    valueType: p.valueType,
    amount: p.amount !== null && p.currency ? toMoneyJson(p.amount, p.currency) : null,
    basisPoints: p.basisPoints,
    newCustomersOnly: p.newCustomersOnly,
    productIds: p.productIds,
    prerequisiteProductIds: p.prerequisiteProductIds,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** Promotions (R-PRM-01): viewers read, clerks write; tenant-scoped (another tenant's id is 404). */
export function registerPromotionRoutes(app: App, deps: Deps): void {
  const base = "/api/bss/catalog/promotions";
  const tags = ["bss: catalog"];
  app.get(
    base,
    {
      schema: {
        tags,
        summary: "List promotions (activeOn=, productId=, status=scheduled|active|ended; sort; page)",
        querystring: ListQuery,
        response: { 200: pageJson(PromotionJson) },
      },
    },
    async (request) => {
      const page = await listPromotions(deps, requireBss(request, "viewer"), request.query);
      return { ...page, items: page.items.map(promotionJson) };
    },
  );
  app.post(
    base,
    {
      schema: {
        tags,
        summary:
          "Create a promotion (One Time / Recurring / Limited Recurring; Monetary amount off per unit or Percentage in basis points)",
        body: CreateBody,
        response: { 201: PromotionJson },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(promotionJson(await createPromotion(deps, requireBss(request, "clerk"), request.body))),
  );
  app.get(
    `${base}/:id`,
    { schema: { tags, summary: "Get a promotion", params: IdParams, response: { 200: PromotionJson } } },
    async (request) =>
      promotionJson(await getPromotion(deps, requireBss(request, "viewer"), request.params.id)),
  );
  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: "Edit a promotion (running subscriptions keep what they were ordered with)",
        params: IdParams,
        body: UpdateBody,
        response: { 200: PromotionJson },
      },
    },
    async (request) =>
      promotionJson(
        await updatePromotion(deps, requireBss(request, "clerk"), request.params.id, request.body),
      ),
  );
  app.post(
    `${base}/:id/end`,
    {
      schema: {
        tags,
        summary: "End a promotion: its last day becomes endDate, or yesterday (end now)",
        params: IdParams,
        body: EndBody,
        response: { 200: PromotionJson },
      },
    },
    async (request) =>
      promotionJson(
        await endPromotion(deps, requireBss(request, "clerk"), request.params.id, request.body ?? {}),
      ),
  );
}
