import { Anchor, Badge, Button, Group, Paper, Select, Table, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { withQuery } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { SearchFilter, useUrlFilters } from "../../components/filters.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { StatusBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { useCanWrite } from "../session.tsx";
import { ACCOUNT_KINDS, kindLabel, toAccountPage } from "./accounts.api.ts";
import { CreateAccountDialog } from "./CreateAccountDialog.tsx";

const LIMIT = 25;

export function AccountsPage() {
  const [params, update] = useUrlFilters();
  const kind = params.get("kind") ?? "";
  const q = params.get("q") ?? "";
  const offset = Number(params.get("offset") ?? 0) || 0;
  const state = useApi(withQuery("/api/bss/accounts", { kind, q, limit: LIMIT, offset }), toAccountPage);
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
      <Paper p="md">
        <Group mb="md" gap="sm" align="flex-end">
          <SearchFilter placeholder="Name or email" />
          <Select
            label="Kind"
            placeholder="All kinds"
            data={ACCOUNT_KINDS}
            value={kind || null}
            onChange={(v) => update({ kind: v, offset: null })}
            clearable
            w={{ base: "100%", xs: 200 }}
          />
        </Group>
        <DataTable
          state={state}
          empty={kind || q ? "No accounts match these filters" : "No accounts yet"}
          head={["Name", "Kind", "Edition", "Storefront", "Email", "Status"]}
          row={(a) => (
            <Table.Tr key={a.id}>
              <Table.Td>
                <Anchor component={Link} to={`/bss/accounts/${a.id}`} fw={500}>
                  {a.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={a.kind === "reseller" ? "grape" : "blue"}>
                  {kindLabel(a.kind)}
                </Badge>
              </Table.Td>
              <Table.Td>{a.edition ?? <Text c="dimmed">—</Text>}</Table.Td>
              <Table.Td>
                {a.storefrontAlias ? (
                  <Anchor component={Link} to={`/store/${a.storefrontAlias}`} className="mono">
                    /store/{a.storefrontAlias}
                  </Anchor>
                ) : (
                  <Text c="dimmed">—</Text>
                )}
              </Table.Td>
              <Table.Td>{a.email ?? <Text c="dimmed">—</Text>}</Table.Td>
              <Table.Td>
                <StatusBadge status={a.status} />
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
      </Paper>
    </>
  );
}
