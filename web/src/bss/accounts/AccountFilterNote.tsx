import { Anchor, Group, Text } from "@mantine/core";
import { Link } from "react-router";
import { useApi } from "../../hooks.ts";
import { toAccount } from "./accounts.api.ts";

/** Shown above a list filtered to one account (links from the account page), with a way out. */
export function AccountFilterNote({ accountId, onClear }: { accountId: string; onClear: () => void }) {
  const account = useApi(accountId ? `/api/bss/accounts/${encodeURIComponent(accountId)}` : null, toAccount);
  if (!accountId) return null;
  return (
    <Group mb="sm" gap="xs" data-testid="account-filter">
      <Text size="sm">Only</Text>
      <Anchor component={Link} to={`/bss/accounts/${accountId}`} size="sm" fw={500}>
        {account.data?.name ?? accountId}
      </Anchor>
      <Anchor component="button" type="button" size="sm" onClick={onClear}>
        Show all accounts
      </Anchor>
    </Group>
  );
}
