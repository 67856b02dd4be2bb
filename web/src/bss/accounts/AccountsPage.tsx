import { Anchor, Badge, Button, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column, Filter } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { StatusBadge } from "../../components/Values.tsx";
import { useCanWrite } from "../session.tsx";
import { ACCOUNT_KINDS, type Account, kindLabel, toAccountPage } from "./accounts.api.ts";
import { CreateAccountDialog } from "./CreateAccountDialog.tsx";

const FILTERS: Filter[] = [
  { kind: "search", placeholder: "Name or email" },
  { kind: "select", name: "kind", label: "Kind", placeholder: "All kinds", data: ACCOUNT_KINDS },
];

const none = <Text c="dimmed">—</Text>;

const COLUMNS: Column<Account>[] = [
  {
    key: "name",
    header: "Name",
    sort: "name",
    primary: true,
    render: (a) => (
      <Anchor component={Link} to={`/bss/accounts/${a.id}`} fw={500}>
        {a.name}
      </Anchor>
    ),
  },
  {
    key: "kind",
    header: "Kind",
    sort: "kind",
    render: (a) => (
      <Badge variant="light" color={a.kind === "reseller" ? "grape" : "blue"}>
        {kindLabel(a.kind)}
      </Badge>
    ),
  },
  { key: "edition", header: "Edition", render: (a) => a.edition ?? none },
  {
    key: "storefront",
    header: "Storefront",
    render: (a) =>
      a.storefrontAlias ? (
        <Anchor component={Link} to={`/store/${a.storefrontAlias}`} className="mono">
          /store/{a.storefrontAlias}
        </Anchor>
      ) : (
        none
      ),
  },
  { key: "email", header: "Email", render: (a) => a.email ?? none },
  { key: "status", header: "Status", render: (a) => <StatusBadge status={a.status} /> },
];

export function AccountsPage() {
  const list = useList({
    path: "/api/bss/accounts",
    map: toAccountPage,
    filters: FILTERS,
    defaultSort: "name",
  });
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const canWrite = useCanWrite();

  return (
    <>
      <PageHeader
        title="Accounts"
        description="Resellers, their end customers and direct customers."
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New account
            </Button>
          )
        }
      />
      <CreateAccountDialog
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(a) => navigate(`/bss/accounts/${a.id}`)}
      />
      <ListView list={list} columns={COLUMNS} rowKey={(a) => a.id} noun="accounts" empty="No accounts yet" />
    </>
  );
}
