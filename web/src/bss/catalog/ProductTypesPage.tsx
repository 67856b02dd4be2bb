import { Anchor, Button, Group, Text } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { formatMoney } from "../../api.ts";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column, Filter } from "../../components/list/list.types.ts";
import { useList, wholeList } from "../../components/list/useList.ts";
import { StatusBadge } from "../../components/Values.tsx";
import { useBssSession } from "../session.tsx";
import { CancellationOptionsModal } from "./CancellationOptionsDialog.tsx";
import { type ProductType, toProductTypes } from "./catalog.api.ts";

/** R-CRQ-01 on a row: which Storefront cancellations wait for approval. */
function CancellationSummary({ t }: { t: ProductType }) {
  const o = t.cancellationRequests;
  const parts = [
    `Subscriptions: ${o.automaticSubscriptions ? "automatic" : "request"}`,
    `Add-ons: ${o.automaticAddons ? "automatic" : "request"}`,
    ...(o.amountThreshold ? [`above ${formatMoney(o.amountThreshold)}: request`] : []),
  ];
  return (
    <Text size="sm" c="dimmed">
      {parts.join(" · ")}
    </Text>
  );
}

const FILTERS: Filter[] = [{ kind: "search", placeholder: "Name or code" }];

const matches = (t: ProductType, values: Record<string, string>) => {
  const q = (values.q ?? "").toLowerCase();
  return !q || t.name.toLowerCase().includes(q) || t.code.toLowerCase().includes(q);
};

const columns = (isAdmin: boolean, edit: (t: ProductType) => void): Column<ProductType>[] => [
  { key: "name", header: "Name", primary: true, sortValue: (t) => t.name, render: (t) => <b>{t.name}</b> },
  {
    key: "code",
    header: "Code",
    sortValue: (t) => t.code,
    render: (t) => <span className="mono">{t.code}</span>,
  },
  {
    key: "products",
    header: "Products",
    align: "right",
    sortValue: (t) => t.productCount,
    render: (t) => t.productCount ?? <Text c="dimmed">—</Text>,
  },
  {
    key: "policies",
    header: "Policies",
    render: (t) => (
      <Text size="sm" c="dimmed">
        {Object.keys(t.policies).length} policies
      </Text>
    ),
  },
  { key: "cancellations", header: "Cancellations", render: (t) => <CancellationSummary t={t} /> },
  {
    key: "status",
    header: "Status",
    sortValue: (t) => t.status,
    render: (t) => <StatusBadge status={t.status} />,
  },
  {
    key: "actions",
    header: "",
    align: "right",
    render: (t) => (
      <Group gap="sm" justify="flex-end" wrap="nowrap">
        {isAdmin && (
          <Button size="xs" variant="light" onClick={() => edit(t)}>
            Cancellation options
          </Button>
        )}
        <Anchor component={Link} to={`/bss/catalogue?productTypeId=${encodeURIComponent(t.id)}`} size="sm">
          Show products
        </Anchor>
      </Group>
    ),
  },
];

/** The product types (a short list, loaded whole: sorted, searched and paged here). */
export function ProductTypesPage() {
  const list = useList({
    path: "/api/bss/catalog/product-types",
    map: (raw) => wholeList(toProductTypes(raw)),
    filters: FILTERS,
    defaultSort: "name",
    mode: "client",
  });
  const isAdmin = useBssSession().actor.role === "admin";
  const [editing, setEditing] = useState<ProductType | null>(null);
  return (
    <>
      <ListView
        list={list}
        columns={columns(isAdmin, setEditing)}
        rowKey={(t) => t.id}
        matches={matches}
        noun="product types"
        empty="No product types yet"
        emptyHint="Run Get Services Definition on a service manager to import its catalogue."
      />
      {editing && (
        <CancellationOptionsModal
          type={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.state.reload();
          }}
        />
      )}
    </>
  );
}
