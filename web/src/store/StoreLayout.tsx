import {
  Anchor,
  AppShell,
  Badge,
  Burger,
  Button,
  Container,
  Drawer,
  Group,
  NavLink as MantineNavLink,
  Stack,
  Text,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconBriefcase,
  IconBuildingStore,
  IconReceipt,
  IconShoppingCart,
  IconUserCircle,
} from "@tabler/icons-react";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { Link, Outlet, useLocation, useParams } from "react-router";
import { api, UNAUTHENTICATED_EVENT } from "../api.ts";
import { MAIN_ID, SkipLink } from "../components/SkipLink.tsx";
import { ErrorState, Loading } from "../components/States.tsx";
import { useApi } from "../hooks.ts";
import { StoreNotFound } from "./StoreNotFound.tsx";
import { type Basket, type Store, toStore } from "./store.api.ts";

export interface StoreUser {
  email: string;
  accountId: string | null;
}

interface StoreContextValue {
  alias: string;
  store: Store;
  /** Remembered after signing in (per store, in localStorage); protected pages confirm it with /auth/me. */
  user: StoreUser | null;
  setUser: (user: StoreUser | null) => void;
  /** Lines in the signed-in user's basket (the header's badge). */
  basketCount: number;
  refreshBasket: () => void;
  setBasketCount: (n: number) => void;
}

const StoreContext = createContext<StoreContextValue | null>(null);

export function useStore(): StoreContextValue {
  const value = useContext(StoreContext);
  if (!value) throw new Error("useStore outside <StoreLayout>");
  return value;
}

const userKey = (alias: string) => `openbss.store.${alias}.user`;

function readUser(alias: string): StoreUser | null {
  try {
    const raw = window.localStorage.getItem(userKey(alias));
    return raw ? (JSON.parse(raw) as StoreUser) : null;
  } catch {
    return null;
  }
}

function useStoreUser(alias: string) {
  const [user, setUserState] = useState<StoreUser | null>(() => readUser(alias));
  const setUser = useCallback(
    (u: StoreUser | null) => {
      setUserState(u);
      try {
        if (u) window.localStorage.setItem(userKey(alias), JSON.stringify(u));
        else window.localStorage.removeItem(userKey(alias));
      } catch {
        // storage may be unavailable (private mode): the session cookie still works
      }
    },
    [alias],
  );
  useEffect(() => {
    const onLoggedOut = (e: Event) => {
      if ((e as CustomEvent<{ area: string }>).detail?.area === "storefront") setUser(null);
    };
    window.addEventListener(UNAUTHENTICATED_EVENT, onLoggedOut);
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, onLoggedOut);
  }, [setUser]);
  return [user, setUser] as const;
}

function NavItems({
  base,
  signedIn,
  basketCount,
  onNavigate,
}: {
  base: string;
  signedIn: boolean;
  basketCount: number;
  onNavigate?: () => void;
}) {
  const { pathname } = useLocation();
  const items = [
    { to: base, label: "Products", icon: IconBuildingStore, active: pathname === base },
    {
      to: `${base}/basket`,
      label: "Basket",
      icon: IconShoppingCart,
      active: pathname.startsWith(`${base}/basket`) || pathname.startsWith(`${base}/checkout`),
      badge: basketCount,
    },
    ...(signedIn
      ? [
          {
            to: `${base}/billing`,
            label: "Billing",
            icon: IconReceipt,
            active: pathname.startsWith(`${base}/billing`),
          },
          {
            to: `${base}/workspace`,
            label: "My WorkSpace",
            icon: IconBriefcase,
            active: pathname.startsWith(`${base}/workspace`),
          },
        ]
      : []),
  ];
  return (
    <>
      {items.map((i) => (
        <MantineNavLink
          key={i.to}
          component={Link}
          to={i.to}
          label={i.label}
          active={i.active}
          onClick={onNavigate}
          leftSection={<i.icon size={18} stroke={1.6} aria-hidden />}
          rightSection={
            i.badge ? (
              <Badge size="sm" circle aria-label={`${i.badge} lines in the basket`}>
                {i.badge}
              </Badge>
            ) : null
          }
          w={{ base: "100%", sm: "auto" }}
          style={{ borderRadius: "var(--mantine-radius-sm)" }}
        />
      ))}
    </>
  );
}

export function StoreLayout() {
  const { alias = "" } = useParams();
  const state = useApi(`/api/storefront/stores/${encodeURIComponent(alias)}`, toStore);
  const [user, setUser] = useStoreUser(alias);
  const [basketCount, setBasketCount] = useState(0);
  const [tick, setTick] = useState(0);
  const [opened, { toggle, close }] = useDisclosure(false);
  const base = `/store/${alias}`;
  const refreshBasket = useCallback(() => setTick((t) => t + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick forces a reload
  useEffect(() => {
    if (!user) {
      setBasketCount(0);
      return;
    }
    let live = true;
    api
      .get<Basket>("/api/storefront/basket")
      .then((b) => live && setBasketCount(b.lines.length))
      .catch(() => live && setBasketCount(0));
    return () => {
      live = false;
    };
  }, [user, tick]);

  const value = useMemo(
    () =>
      state.data
        ? { alias, store: state.data, user, setUser, basketCount, refreshBasket, setBasketCount }
        : null,
    [alias, state.data, user, setUser, basketCount, refreshBasket],
  );

  let content: ReactNode;
  if (state.error?.isNotFound) content = <StoreNotFound alias={alias} />;
  else if (state.error)
    content = <ErrorState error={state.error} title="The store could not be loaded" onRetry={state.reload} />;
  else if (!value) content = <Loading label="Opening the store…" />;
  else content = <Outlet />;
  const name = state.data?.reseller.name;

  return (
    <StoreContext.Provider value={value}>
      <AppShell header={{ height: 60 }} padding="md">
        <SkipLink />
        <AppShell.Header>
          <Container size="lg" h="100%">
            <Group h="100%" justify="space-between" wrap="nowrap" gap="sm">
              <Anchor component={Link} to={base} underline="never" c="inherit" miw={0}>
                <Group gap="xs" wrap="nowrap">
                  <IconBuildingStore
                    size={24}
                    stroke={1.6}
                    color="var(--mantine-color-indigo-6)"
                    aria-hidden
                  />
                  <Text fw={700} truncate data-testid="store-name">
                    {name ?? "Store"}
                  </Text>
                </Group>
              </Anchor>
              {state.data && (
                <>
                  <Group gap={4} wrap="nowrap" visibleFrom="sm" component="nav" aria-label="Store">
                    <NavItems base={base} signedIn={!!user} basketCount={basketCount} />
                    <Button
                      component={Link}
                      to={user ? `${base}/account` : `${base}/login`}
                      variant="light"
                      size="sm"
                      ml="sm"
                      leftSection={<IconUserCircle size={16} aria-hidden />}
                    >
                      {user ? "My account" : "Sign in"}
                    </Button>
                  </Group>
                  <Burger
                    opened={opened}
                    onClick={toggle}
                    hiddenFrom="sm"
                    size="sm"
                    aria-label="Toggle navigation"
                  />
                </>
              )}
            </Group>
          </Container>
        </AppShell.Header>
        <Drawer opened={opened} onClose={close} title={name} size="xs" hiddenFrom="sm" position="right">
          <Stack gap={4} component="nav" aria-label="Store">
            <NavItems base={base} signedIn={!!user} basketCount={basketCount} onNavigate={close} />
            <MantineNavLink
              component={Link}
              to={user ? `${base}/account` : `${base}/login`}
              label={user ? "My account" : "Sign in"}
              onClick={close}
              leftSection={<IconUserCircle size={18} stroke={1.6} aria-hidden />}
            />
          </Stack>
        </Drawer>
        <AppShell.Main id={MAIN_ID} tabIndex={-1}>
          <Container size="lg" py="md">
            {content}
          </Container>
          <Text ta="center" size="xs" c="dimmed" py="lg">
            Powered by openbss
          </Text>
        </AppShell.Main>
      </AppShell>
    </StoreContext.Provider>
  );
}
