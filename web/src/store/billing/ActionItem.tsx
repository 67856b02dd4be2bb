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
  const blocked = !action.available;
  const reasonId = `action-reason-${label.replaceAll(" ", "-").toLowerCase()}`;
  return (
    <>
      <Menu.Item
        onClick={onClick}
        disabled={blocked}
        color={blocked ? undefined : color}
        aria-describedby={blocked && action.reason ? reasonId : undefined}
      >
        {label}
      </Menu.Item>
      {/* Outside the (faded) disabled entry, so the reason stays readable. */}
      {blocked && action.reason && (
        <Text id={reasonId} size="xs" px="sm" pb={6} maw={300} data-testid="action-reason">
          {`${action.reason.message} (${action.reason.code})`}
        </Text>
      )}
    </>
  );
}
