import { Anchor, Badge, Button, Group, Paper, Table, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { withQuery } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { useUrlFilters } from "../../components/filters.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { useApi } from "../../hooks.ts";
import { useCanWrite } from "../session.tsx";
import { NewPriceListDialog } from "./PriceListForms.tsx";
import { formatMarkup, toPriceListPage } from "./price-lists.api.ts";

const LIMIT = 50;

export function PriceListsPage() {
  const [params, update] = useUrlFilters();
  const offset = Number(params.get("offset") ?? 0) || 0;
  const state = useApi(withQuery("/api/bss/catalog/price-lists", { limit: LIMIT, offset }), toPriceListPage);
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
      <Paper p="md">
        <DataTable
          state={state}
          empty="No price lists yet"
          head={["Name", "Currency", "Markup", "Owner"]}
          row={(l) => (
            <Table.Tr key={l.id}>
              <Table.Td>
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
              </Table.Td>
              <Table.Td>{l.currency}</Table.Td>
              <Table.Td>{formatMarkup(l.markupBasisPoints) ?? <Text c="dimmed">—</Text>}</Table.Td>
              <Table.Td>
                {l.ownerAccountId ? (
                  <Anchor component={Link} to={`/bss/accounts/${l.ownerAccountId}`} size="sm">
                    Account
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    Tenant
                  </Text>
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
            noun="price lists"
          />
        )}
      </Paper>
    </>
  );
}
