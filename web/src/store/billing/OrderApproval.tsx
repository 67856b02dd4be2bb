import { Alert, Button, Group, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { ApiError, api } from "../../api.ts";
import { FormDialog, InvalidForm, useDialogForm } from "../../components/FormDialog.tsx";
import type { Order } from "../store.api.ts";

/** The order's rule violations as one sentence, or the API's message. */
function refusal(e: unknown): Error {
  const violations =
    e instanceof ApiError ? ((e.details?.violations ?? []) as { code: string; message: string }[]) : [];
  if (violations.length) return new Error(violations.map((v) => `${v.message} (${v.code})`).join(" "));
  return e instanceof ApiError ? e : new Error("The order could not be updated.");
}

/**
 * R-ORD-09: a reseller approves (the order is executed at once) or rejects, with a reason, an
 * order its end customer placed in its Storefront.
 */
export function OrderApproval({ order, onDone }: { order: Order; onDone: () => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const approving = useDialogForm();
  const rejection = useDialogForm();
  const path = `/api/storefront/orders/${encodeURIComponent(order.id)}`;

  async function run(action: "approve" | "reject", body?: object) {
    let result: Order;
    try {
      result = await api.post<Order>(`${path}/${action}`, body);
    } catch (e) {
      throw refusal(e);
    }
    notifications.show({
      color: action === "approve" ? "green" : "gray",
      title: action === "approve" ? "Order approved" : "Order rejected",
      message: `Order #${result.number} is now ${result.status.replaceAll("_", " ")}.`,
    });
    setRejecting(false);
    onDone();
  }

  return (
    <Alert color="yellow" variant="light" title="Waiting for your approval">
      <Stack gap="xs">
        <Text size="sm">Your customer placed this order. Approving it executes it at once.</Text>
        {approving.error && (
          <Text size="sm" c="red" role="alert">
            {approving.error}
          </Text>
        )}
        <Group>
          <Button
            size="xs"
            onClick={() => void approving.submit(() => run("approve"))}
            loading={approving.busy}
          >
            Approve
          </Button>
          <Button size="xs" variant="default" onClick={() => setRejecting(true)}>
            Reject…
          </Button>
        </Group>
      </Stack>
      <FormDialog
        opened={rejecting}
        onClose={() => setRejecting(false)}
        title={`Reject order #${order.number}`}
        form={rejection}
        onSubmit={() => {
          if (!reason.trim())
            throw new InvalidForm({ reason: "Tell your customer why the order is rejected." });
          return run("reject", { reason: reason.trim() });
        }}
        submitLabel="Reject order"
        submitColor="red"
      >
        <Textarea
          label="Reason"
          description="Shown to your customer"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={rejection.errors.reason}
          required
          maxLength={2000}
          autosize
          minRows={3}
          data-autofocus
        />
      </FormDialog>
    </Alert>
  );
}
