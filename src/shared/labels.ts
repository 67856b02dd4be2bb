/**
 * What people read instead of the raw values of the API's enums — one map per kind, shared by
 * the web app (web/src/api.ts re-exports it) and the server's human texts (history summaries,
 * the Excel export). Pure, no DOM or Node APIs. Statuses use the names of spec/rules.md
 * (R-ORD-09, R-CAN-*): "Pending Reseller Approval", "In Progress", "Pending For Cancel".
 * A value missing from a map reads as its words ("price_change" → "Price change").
 */

export const ORDER_STATUS_LABELS: Readonly<Record<string, string>> = {
  draft: "Draft",
  pending_reseller_approval: "Pending Reseller Approval",
  submitted: "Submitted",
  in_progress: "In Progress",
  executed: "Executed",
  canceled: "Canceled",
};

export const SUBSCRIPTION_STATUS_LABELS: Readonly<Record<string, string>> = {
  active: "Active",
  inactive: "Inactive",
  suspended: "Suspended",
  pending_for_cancel: "Pending For Cancel",
  canceled: "Canceled",
};

/** The vendor sync of a subscription (R-EXT-03), shown where the context says "sync". */
export const SYNC_STATUS_LABELS: Readonly<Record<string, string>> = {
  unsynchronized: "Not synchronized",
  pending: "Pending",
  synchronized: "Synchronized",
  failed: "Failed",
};

/** Where an order or a change came from. */
export const CHANNEL_LABELS: Readonly<Record<string, string>> = {
  bss: "Back office",
  storefront: "Storefront",
  api: "API",
  tenant: "Tenant reseller",
  system: "System",
};

export const EMAIL_TEMPLATE_LABELS: Readonly<Record<string, string>> = {
  order_confirmation: "Order confirmation",
  document_issued: "Invoice or credit note issued",
  cancellation_request_submitted: "Cancellation request submitted",
  cancellation_request_completed: "Cancellation request completed",
  cancellation_request_rejected: "Cancellation request rejected",
  provisioning_failed: "Provisioning failed",
  order_waiting_for_approval: "Order waiting for approval",
  order_approved: "Order approved",
  order_rejected: "Order rejected",
};

export const DOCUMENT_KIND_LABELS: Readonly<Record<string, string>> = {
  invoice: "Invoice",
  credit_note: "Credit note",
};

/** Background jobs (the outbox's kinds). */
export const JOB_KIND_LABELS: Readonly<Record<string, string>> = {
  "billing.deliver_documents": "Deliver invoices and credit notes",
  "billing.run": "Billing run",
  "catalog.get_services_definition": "Fetch the vendor's catalogue",
  "notifications.send": "Send an email",
  "provisioning.reconcile": "Reconcile with the vendor",
  "provisioning.sync": "Sync with the vendor",
  "webhooks.deliver": "Deliver a webhook",
};

export const ACCOUNT_KIND_LABELS: Readonly<Record<string, string>> = {
  reseller: "Reseller",
  end_customer: "End customer",
  direct_customer: "Direct customer",
};

export const BILLING_PLAN_LABELS: Readonly<Record<string, string>> = {
  monthly: "Monthly",
  one_off: "One-time payment",
};

export const PAYMENT_METHOD_LABELS: Readonly<Record<string, string>> = {
  credit_card: "Credit card",
  cash: "Cash",
  deposit: "Deposit",
};

export const PAYMENT_STATUS_LABELS: Readonly<Record<string, string>> = {
  unpaid: "Unpaid",
  partially_paid: "Partially paid",
  paid: "Paid",
  overdue: "Overdue",
};

/** The statuses of everything else the back office lists (runs, jobs, emails, webhooks, requests). */
export const OTHER_STATUS_LABELS: Readonly<Record<string, string>> = {
  queued: "Queued",
  running: "Running",
  completed: "Completed",
  succeeded: "Succeeded",
  failed: "Failed",
  sent: "Sent",
  done: "Done",
  dead: "Gave up",
  pending: "Pending",
  approved: "Approved",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
  in_sync: "In sync",
  drift: "Drift",
  retired: "Retired",
};

export const LABELS = {
  orderStatus: ORDER_STATUS_LABELS,
  subscriptionStatus: SUBSCRIPTION_STATUS_LABELS,
  syncStatus: SYNC_STATUS_LABELS,
  channel: CHANNEL_LABELS,
  emailTemplate: EMAIL_TEMPLATE_LABELS,
  documentKind: DOCUMENT_KIND_LABELS,
  jobKind: JOB_KIND_LABELS,
  accountKind: ACCOUNT_KIND_LABELS,
  billingPlan: BILLING_PLAN_LABELS,
  paymentMethod: PAYMENT_METHOD_LABELS,
  paymentStatus: PAYMENT_STATUS_LABELS,
} as const;
export type LabelKind = keyof typeof LABELS;

/** Any status, whichever list it comes from (StatusBadge): subscription, order, sync, others. */
const ANY_STATUS: Readonly<Record<string, string>> = {
  ...OTHER_STATUS_LABELS,
  ...PAYMENT_STATUS_LABELS,
  ...ORDER_STATUS_LABELS,
  ...SUBSCRIPTION_STATUS_LABELS,
  synchronized: "Synchronized",
  unsynchronized: "Not synchronized",
};

/** Turns `camelCase` / `snake_case` / `SHOUT_CASE` keys into "Camel case" words. */
export function humanize(key: string): string {
  const spaced = key
    .replace(/[_.-]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The label of an enum value of `kind` ("ORDER_CONFIRMATION" and "order_confirmation" alike). */
export function labelOf(kind: LabelKind | "status", value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const map = kind === "status" ? ANY_STATUS : LABELS[kind];
  return map[value] ?? map[value.toLowerCase()] ?? humanize(value);
}
