import { z } from "zod";
import { Paging } from "../../shared/paging.ts";
import { WEBHOOK_EVENT_TYPES } from "./webhooks.rules.ts";

/** The outbox job that makes one HTTP attempt of one delivery; key `<deliveryId>:<attempt>`. */
export const DELIVER_WEBHOOK_JOB = "webhooks.deliver";

export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const EventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((types) => new Set(types).size === types.length, "must not name an event type twice");

const Url = z.string().trim().min(1).max(2000);
const Description = z.string().trim().max(500);

export const CreateEndpointInput = z.strictObject({
  url: Url,
  description: Description.optional(),
  eventTypes: EventTypes,
  enabled: z.boolean().optional(),
});
export type CreateEndpointInput = z.infer<typeof CreateEndpointInput>;

export const UpdateEndpointInput = z.strictObject({
  url: Url.optional(),
  description: Description.optional(),
  eventTypes: EventTypes.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateEndpointInput = z.infer<typeof UpdateEndpointInput>;

export const ListEndpointsQuery = z.strictObject({
  enabled: z.enum(["true", "false"]).optional(),
  ...Paging,
});
export type ListEndpointsQuery = z.infer<typeof ListEndpointsQuery>;

export const ListDeliveriesQuery = z.strictObject({
  status: z.enum(DELIVERY_STATUSES).optional(),
  eventType: z.enum(WEBHOOK_EVENT_TYPES).optional(),
  ...Paging,
});
export type ListDeliveriesQuery = z.infer<typeof ListDeliveriesQuery>;

/** What the deliver job carries. */
export interface DeliverJobPayload {
  deliveryId: string;
  attempt: number;
}
