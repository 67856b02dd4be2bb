import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconLogout } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { Navigate, useNavigate } from "react-router";
import { ApiError, api, withQuery } from "../api.ts";
import { kindLabel } from "../bss/accounts/accounts.api.ts";
import { DataTable } from "../components/DataTable.tsx";
import { useUrlFilters } from "../components/filters.tsx";
import { Pager } from "../components/Pager.tsx";
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
  const [params, update] = useUrlFilters();
  const offset = Number(params.get("offset") ?? 0) || 0;
  const state = useApi(withQuery("/api/storefront/accounts", { limit: LIMIT, offset }), toStoreAccounts);
  // Switched rows, shown at once without reloading the page of accounts.
  const [changed, setChanged] = useState<Record<string, StoreAccount>>({});
  const mine = (a: StoreAccount) => a.kind === "end_customer" && a.parentAccountId === myAccountId;
  const anyLocked = (state.data?.items ?? []).some(
    (a) => mine(a) && (changed[a.id] ?? a).orderApprovalLocked,
  );
  return (
    <>
      {anyLocked && (
        <Text size="sm" c="dimmed" mb="sm">
          {APPROVAL_LOCK_EXPLANATION}
        </Text>
      )}
      <DataTable
        state={state}
        minWidth={640}
        empty="No accounts to show"
        head={["Account", "Kind", "Email", "Status", "Order approval"]}
        row={(a) => (
          <Table.Tr key={a.id}>
            <Table.Td fw={500}>{a.name}</Table.Td>
            <Table.Td>
              <Badge variant="light">{kindLabel(a.kind)}</Badge>
            </Table.Td>
            <Table.Td>{a.email ?? <Text c="dimmed">—</Text>}</Table.Td>
            <Table.Td>
              <StatusBadge status={a.status} />
            </Table.Td>
            <Table.Td>
              {mine(a) ? (
                <CustomerApprovalSwitch
                  customer={changed[a.id] ?? a}
                  onChange={(u) => setChanged((c) => ({ ...c, [u.id]: u }))}
                />
              ) : (
                <Text c="dimmed">—</Text>
              )}
            </Table.Td>
          </Table.Tr>
        )}
      />
      {state.data && (
        <Pager
          total={state.data.total}
          limit={state.data.limit || LIMIT}
          offset={state.data.offset}
          onChange={(o) => update({ offset: o })}
          noun="accounts"
        />
      )}
    </>
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
