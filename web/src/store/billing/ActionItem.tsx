import { Menu, Text } from "@mantine/core";
import type {
  DashboardSubscriptionDetails,
  SubscriptionAction,
  SubscriptionActionsInfo,
} from "../store.api.ts";

/** The entries of the *I want to…* menu as the server judged them (R-DSH-06, issue 16). */

const OK: SubscriptionAction = { offered: true, available: true, reason: null };

/** What a server before issue 16 implied: the menu's own checks. */
export function fallbackActions(
  sub: DashboardSubscriptionDetails,
  hasAddons: boolean,
): SubscriptionActionsInfo {
  const live = sub.status === "active";
  const state = (offered: boolean): SubscriptionAction => ({ offered, available: live, reason: null });
  return {
    buyLicences: state(sub.published),
    upgrade: { ...OK, ...state(true), targets: 0 },
    cancelAddon: state(hasAddons),
    cancel: state(true),
  };
}

/** A menu entry: hidden when not offered; disabled with its reason (and rule) when it would be refused. */
export function ActionItem({
  action,
  label,
  onClick,
  color,
}: {
  action: SubscriptionAction;
  label: string;
  onClick: () => void;
  color?: string;
}) {
  if (!action.offered) return null;
  return (
    <Menu.Item
      onClick={onClick}
      disabled={!action.available}
      color={action.available ? color : undefined}
      data-testid={`action-${label}`}
    >
      {label}
      {action.reason && !action.available && (
        <Text component="span" display="block" size="xs" c="dimmed" maw={280}>
          {`${action.reason.message} (${action.reason.code})`}
        </Text>
      )}
    </Menu.Item>
  );
}
