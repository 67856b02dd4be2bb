import { Anchor, Badge, Button, Group, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useCanWrite } from "../session.tsx";
import { NewPriceListDialog } from "./PriceListForms.tsx";
import { formatMarkup, type PriceList, toPriceListPage } from "./price-lists.api.ts";

const COLUMNS: Column<PriceList>[] = [
  {
    key: "name",
    header: "Name",
    sort: "name",
    primary: true,
    render: (l) => (
      <Group gap={6} wrap="nowrap">
        <Anchor component={Link} to={`/bss/price-lists/${l.id}`} state={{ list: l }} fw={500}>
          {l.name}
        </Anchor>
        {l.isDefault && (
          <Badge size="xs" variant="light">
            Default
          </Badge>
        )}
      </Group>
    ),
  },
  { key: "currency", header: "Currency", sort: "currency", render: (l) => l.currency },
  {
    key: "markup",
    header: "Markup",
    render: (l) => formatMarkup(l.markupBasisPoints) ?? <Text c="dimmed">—</Text>,
  },
  {
    key: "owner",
    header: "Owner",
    render: (l) =>
      l.ownerAccountId ? (
        <Anchor component={Link} to={`/bss/accounts/${l.ownerAccountId}`} size="sm">
          Account
        </Anchor>
      ) : (
        <Text size="sm" c="dimmed">
          Tenant
        </Text>
      ),
  },
];

export function PriceListsPage() {
  const list = useList({ path: "/api/bss/catalog/price-lists", map: toPriceListPage, defaultSort: "name" });
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const canWrite = useCanWrite();
  return (
    <>
      <PageHeader
        title="Price lists"
        description="The tenant's default list and the resellers' own lists."
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New price list
            </Button>
          )
        }
      />
      <NewPriceListDialog
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(l) => navigate(`/bss/price-lists/${l.id}`, { state: { list: l } })}
      />
      <ListView
        list={list}
        columns={COLUMNS}
        rowKey={(l) => l.id}
        noun="price lists"
        empty="No price lists yet"
      />
    </>
  );
}
