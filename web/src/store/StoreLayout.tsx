import { Anchor, AppShell, Button, Container, Group, Text } from "@mantine/core";
import { IconBuildingStore } from "@tabler/icons-react";
import { createContext, type ReactNode, useContext, useState } from "react";
import { Link, Outlet, useParams } from "react-router";
import { ErrorState, Loading } from "../components/States.tsx";
import { useApi } from "../hooks.ts";
import { StoreNotFound } from "./StoreNotFound.tsx";
import { type Store, toStore } from "./store.api.ts";

export interface StoreUser {
  email: string;
  accountId: string | null;
}

interface StoreContextValue {
  alias: string;
  store: Store;
  /** Known after signing in or visiting the account page; the public pages do not probe it. */
  user: StoreUser | null;
  setUser: (user: StoreUser | null) => void;
}

const StoreContext = createContext<StoreContextValue | null>(null);

export function useStore(): StoreContextValue {
  const value = useContext(StoreContext);
  if (!value) throw new Error("useStore outside <StoreLayout>");
  return value;
}

export function StoreLayout() {
  const { alias = "" } = useParams();
  const state = useApi(`/api/storefront/stores/${encodeURIComponent(alias)}`, toStore);
  const [user, setUser] = useState<StoreUser | null>(null);
  const base = `/store/${alias}`;

  let content: ReactNode;
  if (state.error?.isNotFound) content = <StoreNotFound alias={alias} />;
  else if (state.error)
    content = <ErrorState error={state.error} title="The store could not be loaded" onRetry={state.reload} />;
  else if (!state.data) content = <Loading label="Opening the store…" />;
  else {
    content = (
      <StoreContext.Provider value={{ alias, store: state.data, user, setUser }}>
        <Outlet />
      </StoreContext.Provider>
    );
  }
  const name = state.data?.reseller.name;

  return (
    <AppShell header={{ height: 60 }} padding="md">
      <AppShell.Header>
        <Container size="lg" h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Anchor component={Link} to={base} underline="never" c="inherit" miw={0}>
              <Group gap="xs" wrap="nowrap">
                <IconBuildingStore size={24} stroke={1.6} color="var(--mantine-color-indigo-6)" aria-hidden />
                <Text fw={700} truncate data-testid="store-name">
                  {name ?? "Store"}
                </Text>
              </Group>
            </Anchor>
            {state.data && (
              <Button
                component={Link}
                to={user ? `${base}/account` : `${base}/login`}
                variant="light"
                size="sm"
              >
                {user ? "My account" : "Sign in"}
              </Button>
            )}
          </Group>
        </Container>
      </AppShell.Header>
      <AppShell.Main>
        <Container size="lg" py="md">
          {content}
        </Container>
        <Text ta="center" size="xs" c="dimmed" py="lg">
          Powered by openbss
        </Text>
      </AppShell.Main>
    </AppShell>
  );
}
