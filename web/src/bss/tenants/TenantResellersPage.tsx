import { Anchor, Button, Paper, Table, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { formatDateTime, toPage, withQuery } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { useUrlFilters } from "../../components/filters.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { useApi } from "../../hooks.ts";
import { useBssSession } from "../session.tsx";
import { NewTenantDialog } from "./NewTenantDialog.tsx";

export interface TenantReseller {
  id: string;
  slug: string;
  name: string;
  kind: string;
  parentAccountId: string | null;
  currency: string;
  timeZone: string;
  createdAt: string;
}

const LIMIT = 25;

/** A distributor's tenant resellers (issue 6): their own BSS, copied here when back ordering is on. */
export function TenantResellersPage() {
  const { actor } = useBssSession();
  const [params, update] = useUrlFilters();
  const offset = Number(params.get("offset") ?? 0) || 0;
  const state = useApi(withQuery("/api/bss/tenants", { limit: LIMIT, offset }), (raw) =>
    toPage(raw, (t) => t as TenantReseller),
  );
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title="Tenant resellers"
        description="Resellers with their own BSS; with back ordering on, their subscriptions are copied here."
        actions={
          actor.role === "admin" && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New tenant reseller
            </Button>
          )
        }
      />
      <NewTenantDialog opened={creating} onClose={() => setCreating(false)} />
      <Paper p="md">
        <DataTable
          state={state}
          minWidth={560}
          empty="No tenant resellers yet"
          head={["Tenant reseller", "Slug", "Currency", "Created"]}
          row={(t) => (
            <Table.Tr key={t.id}>
              <Table.Td>
                <Anchor component={Link} to={`/bss/tenant-resellers/${t.id}`} fw={500}>
                  {t.name}
                </Anchor>
              </Table.Td>
              <Table.Td className="mono">{t.slug}</Table.Td>
              <Table.Td>{t.currency}</Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(t.createdAt)}</Text>
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
            noun="tenant resellers"
          />
        )}
      </Paper>
    </>
  );
}
