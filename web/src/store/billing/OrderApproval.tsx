import { Alert, Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type FormEvent, useState } from "react";
import { ApiError, api } from "../../api.ts";
import type { Order } from "../store.api.ts";

/**
 * R-ORD-09: a reseller approves (the order is executed at once) or rejects, with a reason, an
 * order its end customer placed in its Storefront.
 */
export function OrderApproval({ order, onDone }: { order: Order; onDone: () => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const path = `/api/storefront/orders/${encodeURIComponent(order.id)}`;

  async function run(action: "approve" | "reject", body?: object) {
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<Order>(`${path}/${action}`, body);
      notifications.show({
        color: action === "approve" ? "green" : "gray",
        title: action === "approve" ? "Order approved" : "Order rejected",
        message: `Order #${result.number} is now ${result.status.replaceAll("_", " ")}.`,
      });
      setRejecting(false);
      onDone();
    } catch (e) {
      const violations =
        e instanceof ApiError ? ((e.details?.violations ?? []) as { code: string; message: string }[]) : [];
      setError(
        violations.length
          ? violations.map((v) => `${v.message} (${v.code})`).join(" ")
          : e instanceof ApiError
            ? e.message
            : "The order could not be updated.",
      );
    } finally {
      setBusy(false);
    }
  }

  function reject(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setReasonError("Tell your customer why the order is rejected.");
      return;
    }
    setReasonError(null);
    void run("reject", { reason: reason.trim() });
  }

  return (
    <Alert color="yellow" variant="light" title="Waiting for your approval">
      <Stack gap="xs">
        <Text size="sm">Your customer placed this order. Approving it executes it at once.</Text>
        {error && !rejecting && (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        )}
        <Group>
          <Button size="xs" onClick={() => void run("approve")} loading={busy && !rejecting}>
            Approve
          </Button>
          <Button size="xs" variant="default" onClick={() => setRejecting(true)}>
            Reject…
          </Button>
        </Group>
      </Stack>
      <Modal opened={rejecting} onClose={() => setRejecting(false)} title={`Reject order #${order.number}`}>
        <form onSubmit={reject} noValidate aria-label="Reject the order">
          <Stack gap="sm">
            <Textarea
              label="Reason"
              description="Shown to your customer"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={reasonError}
              required
              maxLength={2000}
              autosize
              minRows={3}
              data-autofocus
            />
            {error && (
              <Text size="sm" c="red" role="alert">
                {error}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRejecting(false)}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={busy}>
                Reject order
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Alert>
  );
}
