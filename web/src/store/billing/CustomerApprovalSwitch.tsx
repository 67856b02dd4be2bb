import { Group, Switch, Text, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconLock } from "@tabler/icons-react";
import { useState } from "react";
import { ApiError, api } from "../../api.ts";
import type { StoreAccount } from "../store.api.ts";

export const APPROVAL_LOCK_EXPLANATION =
  "Locked on: as a Standard Edition reseller paying by Credit Card, every order of your customers waits for your approval (R-PAY-02).";

/**
 * R-PAY-02 / R-ORD-09: a reseller's user switches Order Approval for one of its end customers
 * (on: the customer's Storefront orders wait for approval; see OrderApproval.tsx). Shown locked,
 * with the reason, when the reseller pays by Credit Card at Standard Edition.
 */
export function CustomerApprovalSwitch({
  customer,
  onChange,
}: {
  customer: StoreAccount;
  onChange: (updated: StoreAccount) => void;
}) {
  const [busy, setBusy] = useState(false);
  const label = `Order Approval for ${customer.name}`;

  async function toggle(on: boolean) {
    setBusy(true);
    try {
      const updated = await api.patch<Record<string, unknown>>(
        `/api/storefront/customers/${encodeURIComponent(customer.id)}`,
        { orderApproval: on },
      );
      notifications.show({
        color: "green",
        title: "Order Approval",
        message: on
          ? `${customer.name}'s orders now wait for your approval.`
          : `${customer.name}'s orders now run without your approval.`,
      });
      onChange({
        ...customer,
        orderApproval: Boolean(updated.orderApproval),
        orderApprovalLocked: Boolean(updated.orderApprovalLocked),
      });
    } catch (e) {
      notifications.show({
        color: "red",
        title: "Order Approval not changed",
        message: e instanceof ApiError ? e.message : "Please try again.",
      });
    } finally {
      setBusy(false);
    }
  }

  if (customer.orderApprovalLocked)
    return (
      <Tooltip label={APPROVAL_LOCK_EXPLANATION} multiline w={280}>
        <Group gap={6} wrap="nowrap" data-testid={`approval-locked-${customer.id}`}>
          <Switch checked readOnly disabled aria-label={label} aria-describedby={`lock-${customer.id}`} />
          <IconLock size={14} aria-hidden />
          <Text size="xs" c="dimmed" id={`lock-${customer.id}`}>
            Locked on (Credit Card)
          </Text>
        </Group>
      </Tooltip>
    );
  return (
    <Switch
      aria-label={label}
      checked={customer.orderApproval}
      disabled={busy}
      onChange={(e) => void toggle(e.currentTarget.checked)}
      label={
        <Text size="xs" c="dimmed">
          {customer.orderApproval ? "Orders wait for approval" : "No approval"}
        </Text>
      }
    />
  );
}
