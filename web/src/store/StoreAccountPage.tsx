import { Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconLogout } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { Navigate, useNavigate } from "react-router";
import { ApiError, api } from "../api.ts";
import { kindLabel } from "../bss/accounts/accounts.api.ts";
import { ListView } from "../components/list/ListView.tsx";
import type { Column } from "../components/list/list.types.ts";
import { useList } from "../components/list/useList.ts";
import { ErrorState, Loading } from "../components/States.tsx";
import { StatusBadge } from "../components/Values.tsx";
import { useApi, useTitle } from "../hooks.ts";
import { APPROVAL_LOCK_EXPLANATION, CustomerApprovalSwitch } from "./billing/CustomerApprovalSwitch.tsx";
import { useStore } from "./StoreLayout.tsx";
import { type StoreAccount, toStoreAccounts } from "./store.api.ts";

interface Me {
  actor: { email: string | null; accountId: string | null; role: string };
}

const LIMIT = 50;

/** `myAccountId`: the signed-in user's account; its end customers get the Order Approval switch (R-PAY-02). */
function Accounts({ myAccountId }: { myAccountId: string | null }) {
  const list = useList({ path: "/api/storefront/accounts", map: toStoreAccounts, limit: LIMIT });
  // Switched rows, shown at once without reloading the page of accounts.
  const [changed, setChanged] = useState<Record<string, StoreAccount>>({});
  const mine = (a: StoreAccount) => a.kind === "end_customer" && a.parentAccountId === myAccountId;
  const anyLocked = (list.state.data?.items ?? []).some(
    (a) => mine(a) && (changed[a.id] ?? a).orderApprovalLocked,
  );
  const columns: Column<StoreAccount>[] = [
    { key: "name", header: "Account", primary: true, render: (a) => a.name },
    { key: "kind", header: "Kind", render: (a) => <Badge variant="light">{kindLabel(a.kind)}</Badge> },
    { key: "email", header: "Email", render: (a) => a.email ?? "—" },
    { key: "status", header: "Status", render: (a) => <StatusBadge status={a.status} /> },
    {
      key: "approval",
      header: "Order approval",
      render: (a) =>
        mine(a) ? (
          <CustomerApprovalSwitch
            customer={changed[a.id] ?? a}
            onChange={(u) => setChanged((c) => ({ ...c, [u.id]: u }))}
          />
        ) : (
          "—"
        ),
    },
  ];
  return (
    <ListView
      list={list}
      columns={columns}
      rowKey={(a) => a.id}
      noun="accounts"
      empty="No accounts to show"
      bare
    >
      {anyLocked && (
        <Text size="sm" c="dimmed" mb="sm">
          {APPROVAL_LOCK_EXPLANATION}
        </Text>
      )}
    </ListView>
  );
}

export function StoreAccountPage() {
  const { alias, store, setUser } = useStore();
  const navigate = useNavigate();
  useTitle(`My account · ${store.reseller.name}`);
  const me = useApi<Me>("/api/storefront/auth/me");
  const actor = me.data?.actor;

  useEffect(() => {
    if (actor) setUser({ email: actor.email ?? "", accountId: actor.accountId });
  }, [actor, setUser]);

  async function signOut() {
    try {
      await api.post("/api/storefront/auth/logout");
      setUser(null);
      navigate(`/store/${alias}`, { replace: true });
    } catch (e) {
      notifications.show({
        color: "red",
        title: "Sign-out failed",
        message: e instanceof ApiError ? e.message : "",
      });
    }
  }

  if (me.error?.status === 401 || me.error?.status === 403)
    return <Navigate to={`/store/${alias}/login`} replace />;
  if (me.error) return <ErrorState error={me.error} onRetry={me.reload} />;
  if (!actor) return <Loading label="Loading your account…" />;
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} fz="h2">
            My account
          </Title>
          <Text c="dimmed" size="sm">
            Signed in as {actor.email}
          </Text>
        </div>
        <Button variant="default" leftSection={<IconLogout size={16} />} onClick={signOut}>
          Sign out
        </Button>
      </Group>
      <Paper p="md">
        <Title order={2} fz="h4" mb="sm">
          Accounts you can see
        </Title>
        <Accounts myAccountId={actor.accountId} />
      </Paper>
    </Stack>
  );
}
