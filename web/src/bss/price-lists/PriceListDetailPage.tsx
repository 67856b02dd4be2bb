import { Anchor, Badge, Paper, Stack, Table, Text } from "@mantine/core";
import { Link, useLocation, useParams } from "react-router";
import { formatMoney, withQuery } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { useUrlFilters } from "../../components/filters.tsx";
import { NotFoundPage } from "../../components/NotFoundPage.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { TermBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { useCanWrite } from "../session.tsx";
import { EntryForm, RemoveEntryButton } from "./PriceListForms.tsx";
import { formatMarkup, type PriceList, toEntryPage, toPriceListPage } from "./price-lists.api.ts";

const LIMIT = 50;
const CRUMBS = [{ label: "Price lists", to: "/bss/price-lists" }];

/** The list's header: from the link that led here, else looked up in the lists. */
function usePriceList(id: string): PriceList | undefined {
  const fromLink = (useLocation().state as { list?: PriceList } | null)?.list;
  const lists = useApi(
    fromLink?.id === id ? null : "/api/bss/catalog/price-lists?limit=500",
    toPriceListPage,
  );
  return fromLink?.id === id ? fromLink : lists.data?.items.find((l) => l.id === id);
}

export function PriceListDetailPage() {
  const { id = "" } = useParams();
  const [params, update] = useUrlFilters();
  const offset = Number(params.get("offset") ?? 0) || 0;
  const list = usePriceList(id);
  const canWrite = useCanWrite();
  const state = useApi(
    withQuery(`/api/bss/catalog/price-lists/${encodeURIComponent(id)}/entries`, { limit: LIMIT, offset }),
    toEntryPage,
  );
  if (state.error?.isNotFound) return <NotFoundPage title="Price list not found" home="/bss/price-lists" />;
  const markup = formatMarkup(list?.markupBasisPoints ?? null);

  return (
    <>
      <PageHeader
        title={list?.name ?? "Price list"}
        crumbs={CRUMBS}
        description={
          list &&
          [
            list.currency,
            list.isDefault ? "default list" : null,
            markup ? `markup ${markup} over cost` : null,
          ]
            .filter(Boolean)
            .join(" · ")
        }
        actions={list?.isDefault && <Badge variant="light">Default</Badge>}
      />
      <Paper p="md">
        {canWrite && <EntryForm listId={id} onSaved={state.reload} />}
        <DataTable
          state={state}
          empty="This price list has no entries"
          emptyHint={
            list?.markupBasisPoints != null
              ? `Products without an entry are priced at cost ${markup}.`
              : "Products without an entry are sold at their list price."
          }
          head={["Product", "Term", "Unit price", "List price", "Cost", ""]}
          row={(e) => (
            <Table.Tr key={e.productId}>
              <Table.Td>
                <Stack gap={0}>
                  <Anchor component={Link} to={`/bss/catalogue/products/${e.productId}`} fw={500} size="sm">
                    {e.name ?? e.productId}
                  </Anchor>
                  {e.sku && (
                    <Text size="xs" c="dimmed" className="mono">
                      {e.sku}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>{e.term ? <TermBadge term={e.term} /> : <Text c="dimmed">—</Text>}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatMoney(e.unitPrice)}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatMoney(e.listPrice)}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatMoney(e.cost)}</Table.Td>
              <Table.Td w={48}>
                {canWrite && (
                  <RemoveEntryButton listId={id} productId={e.productId} onRemoved={state.reload} />
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
            noun="entries"
          />
        )}
      </Paper>
    </>
  );
}
