import { ActionIcon, Alert, Anchor, Badge, Button, Group, Paper, Select, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconArrowRight, IconTrash } from "@tabler/icons-react";
import { type FormEvent, useMemo, useState } from "react";
import { Link } from "react-router";
import { api, errorMessage, toPage } from "../../api.ts";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column, Filter } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { TermBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { useBssSession } from "../session.tsx";
import { type Product, toProductPage } from "./catalog.api.ts";

interface UpgradePath {
  id: string;
  fromProductId: string;
  toProductId: string;
  source: string;
  createdAt: string;
}

const SOURCES = [
  { value: "definition", label: "From the services definition" },
  { value: "manual", label: "Hand-made" },
];

/**
 * Declared upgrade paths (R-UPG-06: the catalogue derives the closure and the downgrades).
 * Admins add hand-made paths and remove them; the definition's paths are the vendor's.
 */
export function UpgradePathsPage() {
  const { actor } = useBssSession();
  const isAdmin = actor.role === "admin";
  const products = useApi("/api/bss/catalog/products?limit=500&kind=base", toProductPage);
  const byId = useMemo(() => new Map((products.data?.items ?? []).map((p) => [p.id, p])), [products.data]);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const productOptions = (products.data?.items ?? []).map((p) => ({
    value: p.id,
    label: `${p.name} · ${p.sku}`,
  }));
  const filters: Filter[] = [
    {
      kind: "select",
      name: "productId",
      label: "Product",
      placeholder: "All products",
      searchable: true,
      data: productOptions,
    },
    { kind: "select", name: "source", label: "Source", placeholder: "Any", data: SOURCES },
  ];
  const list = useList({
    path: "/api/bss/catalog/upgrade-paths",
    map: (raw) => toPage(raw, (u) => u as UpgradePath),
    filters,
    defaultSort: "from",
    limit: 50,
  });
  const state = list.state;
  const name = (id: string) => {
    const p: Product | undefined = byId.get(id);
    return (
      <Group gap={6} wrap="nowrap">
        <Anchor component={Link} to={`/bss/catalogue/products/${id}`} size="sm">
          {p?.name ?? id}
        </Anchor>
        {p && <TermBadge term={p.term} />}
      </Group>
    );
  };

  async function add(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!from) errs.from = "Choose the product to upgrade from";
    if (!to) errs.to = "Choose the product to upgrade to";
    if (from && to && from === to) errs.to = "A product cannot upgrade to itself";
    setErrors(errs);
    if (Object.keys(errs).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await api.post("/api/bss/catalog/upgrade-paths", { fromProductId: from, toProductId: to });
      notifications.show({
        color: "green",
        title: "Upgrade path added",
        message: "The closure is recomputed.",
      });
      setFrom(null);
      setTo(null);
      state.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function remove(u: UpgradePath) {
    try {
      await api.delete(`/api/bss/catalog/upgrade-paths/${encodeURIComponent(u.id)}`);
      state.reload();
    } catch (err) {
      notifications.show({ color: "red", title: "Not removed", message: errorMessage(err) });
    }
  }

  // In the default order (by source product) the paths sit under their source product.
  const grouped = list.sort.replace(/^-/, "") === "from";
  const columns: Column<UpgradePath>[] = [
    ...(grouped
      ? []
      : [{ key: "from", header: "From", sort: "from", render: (u: UpgradePath) => name(u.fromProductId) }]),
    {
      key: "to",
      header: grouped ? "Upgrades to" : "To",
      sort: "to",
      primary: true,
      render: (u) => name(u.toProductId),
    },
    {
      key: "source",
      header: "Source",
      sort: "source",
      render: (u) => (
        <Badge variant="light" color={u.source === "manual" ? "grape" : "gray"}>
          {u.source === "manual" ? "Hand-made" : "Definition"}
        </Badge>
      ),
    },
    ...(isAdmin
      ? [
          {
            key: "remove",
            header: "",
            align: "right" as const,
            render: (u: UpgradePath) =>
              u.source === "manual" && (
                <Tooltip label="Remove this path">
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label="Remove this path"
                    onClick={() => remove(u)}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              ),
          },
        ]
      : []),
  ];

  return (
    <Paper p="md">
      {isAdmin && (
        <form onSubmit={add} noValidate aria-label="Add an upgrade path">
          <Group align="flex-end" gap="sm" mb="md">
            <Select
              label="From"
              searchable
              data={productOptions}
              value={from}
              onChange={setFrom}
              error={errors.from}
              placeholder={products.loading ? "Loading…" : "Product"}
              style={{ flex: "1 1 240px" }}
            />
            <IconArrowRight size={18} aria-hidden style={{ marginBottom: 8 }} />
            <Select
              label="To"
              searchable
              data={productOptions}
              value={to}
              onChange={setTo}
              error={errors.to}
              placeholder={products.loading ? "Loading…" : "Product"}
              style={{ flex: "1 1 240px" }}
            />
            <Button type="submit" loading={busy}>
              Add path
            </Button>
          </Group>
          {error && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert" mb="md">
              {error}
            </Alert>
          )}
        </form>
      )}
      <ListView
        bare
        list={list}
        columns={columns}
        rowKey={(u) => u.id}
        noun="paths"
        caption="Upgrade paths"
        empty="No upgrade paths"
        emptyFiltered="No upgrade paths match"
        {...(grouped
          ? {
              groupBy: {
                key: (u: UpgradePath) => u.fromProductId,
                label: (u: UpgradePath) => name(u.fromProductId),
              },
            }
          : {})}
      />
    </Paper>
  );
}
