import { Anchor, Badge, Paper, Stack, Text } from "@mantine/core";
import { Link, useLocation, useParams } from "react-router";
import { formatMoney } from "../../api.ts";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column, Filter } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { NotFoundPage } from "../../components/NotFoundPage.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { TermBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { useCanWrite } from "../session.tsx";
import { EntryForm, RemoveEntryButton } from "./PriceListForms.tsx";
import {
  formatMarkup,
  type PriceList,
  type PriceListEntry,
  toEntryPage,
  toPriceListPage,
} from "./price-lists.api.ts";

const FILTERS: Filter[] = [{ kind: "search", placeholder: "Product name or SKU" }];

const columns = (listId: string, canWrite: boolean, reload: () => void): Column<PriceListEntry>[] => [
  {
    key: "name",
    header: "Product",
    sort: "name",
    primary: true,
    render: (e) => (
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
    ),
  },
  {
    key: "term",
    header: "Term",
    render: (e) => (e.term ? <TermBadge term={e.term} /> : <Text c="dimmed">—</Text>),
  },
  {
    key: "unitPrice",
    header: "Unit price",
    sort: "unitPrice",
    align: "right",
    nowrap: true,
    render: (e) => formatMoney(e.unitPrice),
  },
  {
    key: "listPrice",
    header: "List price",
    sort: "listPrice",
    align: "right",
    nowrap: true,
    render: (e) => formatMoney(e.listPrice),
  },
  { key: "cost", header: "Cost", align: "right", nowrap: true, render: (e) => formatMoney(e.cost) },
  ...(canWrite
    ? [
        {
          key: "remove",
          header: "",
          render: (e: PriceListEntry) => (
            <RemoveEntryButton listId={listId} productId={e.productId} onRemoved={reload} />
          ),
        },
      ]
    : []),
];
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
  const list = usePriceList(id);
  const canWrite = useCanWrite();
  const entries = useList({
    path: `/api/bss/catalog/price-lists/${encodeURIComponent(id)}/entries`,
    map: toEntryPage,
    filters: FILTERS,
    defaultSort: "name",
    limit: 50,
  });
  const state = entries.state;
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
        <ListView
          bare
          list={entries}
          columns={columns(id, canWrite, state.reload)}
          rowKey={(e) => e.productId}
          noun="entries"
          caption="Price list entries"
          empty="This price list has no entries"
          emptyHint={
            list?.markupBasisPoints != null
              ? `Products without an entry are priced at cost ${markup}.`
              : "Products without an entry are sold at their list price."
          }
        />
      </Paper>
    </>
  );
}
