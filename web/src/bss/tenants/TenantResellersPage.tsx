import { Anchor, Button } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { formatDateTime, toPage } from "../../api.ts";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
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

const COLUMNS: Column<TenantReseller>[] = [
  {
    key: "name",
    header: "Tenant reseller",
    primary: true,
    render: (t) => (
      <Anchor component={Link} to={`/bss/tenant-resellers/${t.id}`} fw={500}>
        {t.name}
      </Anchor>
    ),
  },
  { key: "slug", header: "Slug", render: (t) => <span className="mono">{t.slug}</span> },
  { key: "currency", header: "Currency", render: (t) => t.currency },
  { key: "createdAt", header: "Created", nowrap: true, render: (t) => formatDateTime(t.createdAt) },
];

/** A distributor's tenant resellers (issue 6): their own BSS, copied here when back ordering is on. */
export function TenantResellersPage() {
  const { actor } = useBssSession();
  const list = useList({ path: "/api/bss/tenants", map: (raw) => toPage(raw, (t) => t as TenantReseller) });
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
      <ListView
        list={list}
        columns={COLUMNS}
        rowKey={(t) => t.id}
        noun="tenant resellers"
        empty="No tenant resellers yet"
      />
    </>
  );
}
