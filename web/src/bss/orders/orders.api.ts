import { type Money, toPage } from "../../api.ts";

/** The orders API as the pages use it. */
export interface OrderLine {
  id: string;
  position: number;
  productId: string;
  sku: string;
  productName: string;
  term: string;
  isTrial: boolean;
  quantity: number;
  billingPlan: string;
  unitPrice: Money | null;
  total: Money | null;
  addons: Array<{
    productId: string;
    name: string;
    quantity: number;
    unitPrice: Money | null;
    total: Money | null;
    /** Issue 13.5: the quantity asked when the BSS set another (R-SGN-04), with why; absent on older servers. */
    requestedQuantity?: number | null;
    quantityNote?: { code: string; message: string } | null;
  }>;
  serviceDetails: Record<string, string>;
  subscriptionId: string | null;
  /** Issue 13 (R-TEN-02): the day the subscription starts; null = when executed. */
  startDate?: string | null;
  /** What a start date ahead means, in words (null when none). */
  startNote?: string | null;
}

export interface OrderEvent {
  id: string;
  at: string;
  fromStatus: string | null;
  toStatus: string;
  actorKind: string;
  note: string | null;
}

export interface OrderSummary {
  id: string;
  number: number | null;
  status: string;
  channel: string;
  accountId: string | null;
  resellerAccountId: string | null;
  onBehalf: boolean;
  currency: string;
  orderDate: string | null;
  note: string | null;
  rejectionReason: string | null;
  createdAt: string;
  submittedAt: string | null;
  approvedAt: string | null;
  executedAt: string | null;
  canceledAt: string | null;
  total: Money | null;
  lineCount?: number;
  /** In lists: the customer's name. */
  accountName?: string | null;
}

export interface Order extends OrderSummary {
  /** A product no service manager provisions: staff execute the order by hand (R-PRV-01). */
  needsManualExecution: boolean;
  lines: OrderLine[];
  events: OrderEvent[];
}

export const ORDER_STATUSES = [
  { value: "pending_reseller_approval", label: "Waiting for approval" },
  { value: "submitted", label: "Submitted" },
  { value: "in_progress", label: "In progress" },
  { value: "executed", label: "Executed" },
  { value: "canceled", label: "Canceled" },
];

export const orderStatusLabel = (s: string) => ORDER_STATUSES.find((o) => o.value === s)?.label ?? s;
export const orderTitle = (o: Pick<OrderSummary, "number" | "id">) =>
  o.number ? `Order #${o.number}` : `Order ${o.id}`;
export const toOrderPage = (raw: unknown) => toPage(raw, (o) => o as OrderSummary);

/** What a BSS clerk may do with an order in its status (R-ORD-09; the server checks again). */
export function orderActions(status: string): Array<"approve" | "reject" | "execute" | "cancel"> {
  switch (status) {
    case "pending_reseller_approval":
      return ["approve", "reject"];
    case "submitted":
    case "in_progress":
      return ["execute", "cancel"];
    default:
      return [];
  }
}
