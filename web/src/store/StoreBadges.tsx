import { Badge } from "@mantine/core";
import { ORDER_STATUS_LABELS, SUBSCRIPTION_STATUS_LABELS, SYNC_STATUS_LABELS } from "./store.api.ts";

const ORDER_COLORS: Record<string, string> = {
  executed: "green",
  pending_reseller_approval: "yellow",
  submitted: "blue",
  in_progress: "blue",
  canceled: "gray",
};
const SUB_COLORS: Record<string, string> = {
  active: "green",
  suspended: "orange",
  pending_for_cancel: "yellow",
  inactive: "gray",
  canceled: "gray",
};
const SYNC_COLORS: Record<string, string> = {
  synchronized: "green",
  pending: "blue",
  failed: "red",
  unsynchronized: "gray",
};

export function OrderStatusBadge({ status }: { status: string }) {
  return (
    <Badge variant="light" color={ORDER_COLORS[status] ?? "gray"}>
      {ORDER_STATUS_LABELS[status] ?? status}
    </Badge>
  );
}

export function SubscriptionStatusBadge({ status }: { status: string }) {
  return (
    <Badge variant="light" color={SUB_COLORS[status] ?? "gray"}>
      {SUBSCRIPTION_STATUS_LABELS[status] ?? status}
    </Badge>
  );
}

export function SyncBadge({ status, testId = "sync-status" }: { status: string; testId?: string }) {
  return (
    <Badge variant="dot" color={SYNC_COLORS[status] ?? "gray"} data-testid={testId}>
      {SYNC_STATUS_LABELS[status] ?? status}
    </Badge>
  );
}
