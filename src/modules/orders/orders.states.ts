import { defineStateMachine } from "../../shared/state-machine.ts";
import type { NewOrderEvent, OrderRow, OrderStatus } from "./orders.types.ts";

/**
 * R-ORD-09 as data. A basket (draft) is submitted — or waits for the reseller's approval when an
 * end customer of a Standard Edition reseller orders with Order Approval on. A submitted order of
 * automatically provisioned products is executed at once; other products go In Progress until
 * someone executes them by hand. Executed and Canceled are final.
 */
export const orderStates = defineStateMachine<OrderStatus>("order", {
  draft: ["pending_reseller_approval", "submitted"],
  pending_reseller_approval: ["submitted", "canceled"],
  submitted: ["in_progress", "executed", "canceled"],
  in_progress: ["executed", "canceled"],
  executed: [],
  canceled: [],
});

/** Which timestamp a status stamps when it is entered. */
const STAMPS: Partial<Record<OrderStatus, "submittedAt" | "executedAt" | "canceledAt">> = {
  pending_reseller_approval: "submittedAt",
  submitted: "submittedAt",
  executed: "executedAt",
  canceled: "canceledAt",
};

export interface StatusActor {
  userId: string | null;
  kind: "bss" | "storefront" | "system";
}

/** An order with the status changes not written yet (the use case persists both in its transaction). */
export interface OrderChange {
  order: OrderRow;
  events: NewOrderEvent[];
}

/**
 * THE one way an order's status changes (DESIGN.md "State machines as data"): checks the
 * transition table (409 otherwise), stamps the time and records the event. Pure: the caller's
 * transaction writes the row and the events (orders.repo saveOrderChange / insertOrderWithLines).
 */
export function moveOrder(
  change: OrderChange,
  to: OrderStatus,
  by: { actor: StatusActor; at: Date; eventId: string; note?: string | null | undefined },
): OrderChange {
  const from = change.order.status as OrderStatus;
  orderStates.assertTransition(from, to);
  const stamp = STAMPS[to];
  const order: OrderRow = { ...change.order, status: to, updatedAt: by.at };
  // A submission keeps its first stamp: approval moves pending → submitted but the customer submitted earlier.
  if (stamp && !(stamp === "submittedAt" && order.submittedAt)) order[stamp] = by.at;
  if (from === "pending_reseller_approval" && to === "submitted") order.approvedAt = by.at;
  return {
    order,
    events: [...change.events, eventRow(order, from, to, by)],
  };
}

/** The first event of an order created directly in a status (a BSS order starts Submitted). */
export function createdAs(
  order: OrderRow,
  by: { actor: StatusActor; at: Date; eventId: string; note?: string | null | undefined },
): OrderChange {
  return { order, events: [eventRow(order, null, order.status as OrderStatus, by)] };
}

function eventRow(
  order: OrderRow,
  from: OrderStatus | null,
  to: OrderStatus,
  by: { actor: StatusActor; at: Date; eventId: string; note?: string | null | undefined },
): NewOrderEvent {
  return {
    id: by.eventId,
    tenantId: order.tenantId,
    orderId: order.id,
    at: by.at,
    fromStatus: from,
    toStatus: to,
    actorUserId: by.actor.userId,
    actorKind: by.actor.kind,
    note: by.note ?? null,
  };
}
