import {
  ActionIcon,
  AppShell,
  Avatar,
  Burger,
  Group,
  Menu,
  NavLink,
  Text,
  Tooltip,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import {
  IconBook,
  IconBuildingCommunity,
  IconBuildingStore,
  IconCalendarDollar,
  IconChevronDown,
  IconCircleX,
  IconClock,
  IconDiscount,
  IconFileInvoice,
  IconGauge,
  IconLogout,
  IconMail,
  IconMoon,
  IconPackage,
  IconReceipt2,
  IconRepeat,
  IconServerCog,
  IconShoppingCart,
  IconSun,
  IconUsers,
  IconWebhook,
} from "@tabler/icons-react";
import { useEffect } from "react";
import { Outlet, NavLink as RouterNavLink, useLocation } from "react-router";
import { ApiError } from "../api.ts";
import { MAIN_ID, SkipLink } from "../components/SkipLink.tsx";
import { useBssSession } from "./session.tsx";

const NAV = [
  { to: "/bss", label: "Dashboard", icon: IconGauge, end: true },
  { to: "/bss/accounts", label: "Accounts", icon: IconUsers, end: false },
  { to: "/bss/orders", label: "Orders", icon: IconShoppingCart, end: false },
  { to: "/bss/subscriptions", label: "Subscriptions", icon: IconRepeat, end: false },
  { to: "/bss/cancellation-requests", label: "Cancellation requests", icon: IconCircleX, end: false },
  { to: "/bss/billing/documents", label: "Invoices", icon: IconFileInvoice, end: false },
  { to: "/bss/billing/runs", label: "Billing runs", icon: IconCalendarDollar, end: false },
  { to: "/bss/catalogue", label: "Catalogue", icon: IconPackage, end: false },
  { to: "/bss/price-lists", label: "Price lists", icon: IconReceipt2, end: false },
  { to: "/bss/promotions", label: "Promotions", icon: IconDiscount, end: false },
  {
    to: "/bss/tenant-resellers",
    label: "Tenant resellers",
    icon: IconBuildingCommunity,
    end: false,
    distributorOnly: true,
  },
  { to: "/bss/service-managers", label: "Service managers", icon: IconServerCog, end: false },
  { to: "/bss/webhooks", label: "Webhooks", icon: IconWebhook, end: false },
  { to: "/bss/sandbox/clock", label: "Sandbox clock", icon: IconClock, end: false },
  { to: "/bss/mailbox", label: "Mailbox", icon: IconMail, end: false },
  { to: "/bss/settings/company", label: "Company details", icon: IconBuildingStore, end: false },
] as const;

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme("light");
  const next = computed === "dark" ? "light" : "dark";
  return (
    <Tooltip label={`Switch to ${next} mode`}>
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label={`Switch to ${next} mode`}
        onClick={() => setColorScheme(next)}
      >
        {computed === "dark" ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

function UserMenu() {
  const { actor, signOut } = useBssSession();
  const label = actor.email ?? "API key";
  async function onSignOut() {
    try {
      await signOut();
    } catch (e) {
      notifications.show({
        color: "red",
        title: "Sign-out failed",
        message: e instanceof ApiError ? e.message : "Please try again.",
      });
    }
  }
  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`${label}: user menu`} data-testid="user-menu">
          <Group gap={8} wrap="nowrap">
            {/* No initial inside: the button's name must hold all its visible text (WCAG 2.5.3). */}
            <Avatar size="sm" radius="xl" color="indigo" aria-hidden />
            <Text size="sm" visibleFrom="sm" truncate maw={220}>
              {label}
            </Text>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          Signed in as {label} ({actor.role})
        </Menu.Label>
        <Menu.Item component="a" href="/api/docs" leftSection={<IconBook size={16} />}>
          API documentation
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={onSignOut}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function BssLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { actor, tenant } = useBssSession();
  const location = useLocation();

  // On a phone the navbar is an overlay: close it after navigating.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation
  useEffect(() => close(), [location.pathname, close]);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <IconBuildingStore size={24} stroke={1.6} color="var(--mantine-color-indigo-6)" aria-hidden />
            <Text fw={700} visibleFrom="xs">
              openbss
            </Text>
            <Text c="dimmed" visibleFrom="xs" aria-hidden>
              /
            </Text>
            <Text fw={500} truncate data-testid="tenant-name">
              {tenant?.name ?? actor.email ?? "Back office"}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ColorSchemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {NAV.filter((item) => !("distributorOnly" in item) || tenant?.kind === "distributor").map((item) => (
          <NavLink
            key={item.to}
            component={RouterNavLink}
            to={item.to}
            end={item.end}
            label={item.label}
            leftSection={<item.icon size={18} stroke={1.6} />}
            active={item.end ? location.pathname === item.to : location.pathname.startsWith(item.to)}
            style={{ borderRadius: "var(--mantine-radius-md)" }}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id={MAIN_ID} tabIndex={-1}>
        <div style={{ maxWidth: 1200, margin: "0 auto" }}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
