import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { api, errorMessage, toPage } from "../../api.ts";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { EmptyState, ErrorState, Loading } from "../../components/States.tsx";
import { type ApiState, useApi } from "../../hooks.ts";
import { type Account, toAccountPage } from "../accounts/accounts.api.ts";
import { toProductPage } from "./catalog.api.ts";

interface ProductGroup {
  id: string;
  name: string;
  description: string | null;
  productIds: string[];
}

const STOREFRONT_COLUMNS: Column<Account>[] = [
  { key: "name", header: "Reseller", primary: true, render: (a) => a.name },
  {
    key: "alias",
    header: "Storefront",
    render: (a) => <span className="mono">/store/{a.storefrontAlias}</span>,
  },
  {
    key: "manage",
    header: "",
    render: (a) => (
      <Anchor component={Link} to={`/bss/accounts/${a.id}`} size="sm">
        Manage publications
      </Anchor>
    ),
  },
];

const GROUP_COLUMNS: Column<ProductGroup>[] = [
  {
    key: "name",
    header: "Group",
    primary: true,
    render: (g) => (
      <>
        <Text size="sm" fw={500}>
          {g.name}
        </Text>
        {g.description && (
          <Text size="xs" c="dimmed">
            {g.description}
          </Text>
        )}
      </>
    ),
  },
  {
    key: "products",
    header: "Products",
    render: (g) => <Badge variant="light">{g.productIds.length}</Badge>,
  },
];

/** A whole small list (loaded with limit=500) as a table, or its loading / error state. */
function Whole<T extends { id: string }>({
  state,
  columns,
  label,
  empty,
  emptyHint,
}: {
  state: ApiState<{ items: T[] }>;
  columns: Column<T>[];
  label: string;
  empty: string;
  emptyHint?: string;
}) {
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading />;
  if (state.data.items.length === 0) return <EmptyState title={empty}>{emptyHint}</EmptyState>;
  return (
    <ItemsTable items={state.data.items} columns={columns} rowKey={(i) => i.id} label={label} empty={empty} />
  );
}

/**
 * R-CAT-07: a Standard reseller's Storefront sells what is published to it, product by product
 * or as product groups. Groups are made here; each Storefront's publications are on its account.
 */
export function PublishingPage() {
  const storefronts = useApi("/api/bss/accounts?kind=reseller&limit=500", (raw) => {
    const page = toAccountPage(raw);
    return { ...page, items: page.items.filter((a) => a.storefrontAlias) };
  });
  const groups = useApi("/api/bss/catalog/product-groups?limit=500", (raw) =>
    toPage(raw, (g) => g as ProductGroup),
  );
  const products = useApi("/api/bss/catalog/products?limit=500&kind=base", toProductPage);
  const [name, setName] = useState("");
  const [members, setMembers] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function create(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = "Give the group a name";
    if (members.length === 0) errs.members = "Choose at least one product";
    setErrors(errs);
    if (Object.keys(errs).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await api.post("/api/bss/catalog/product-groups", { name: name.trim(), productIds: members });
      notifications.show({ color: "green", title: "Product group created", message: name.trim() });
      setName("");
      setMembers([]);
      groups.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="lg">
      <Paper p="md">
        <Title order={3} fz="h4" mb="sm">
          Storefronts
        </Title>
        <Whole
          state={storefronts}
          columns={STOREFRONT_COLUMNS}
          label="Storefronts"
          empty="No reseller has a Storefront"
          emptyHint="Standard Edition resellers get one with a Storefront alias."
        />
      </Paper>
      <Paper p="md">
        <Title order={3} fz="h4" mb="sm">
          Product groups
        </Title>
        <Whole state={groups} columns={GROUP_COLUMNS} label="Product groups" empty="No product groups yet" />
        <form onSubmit={create} noValidate aria-label="New product group">
          <Stack gap="sm" mt="md">
            {error && (
              <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
                {error}
              </Alert>
            )}
            <Group align="flex-start" gap="sm">
              <TextInput
                label="New group"
                placeholder="Name"
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={errors.name}
                style={{ flex: "1 1 200px" }}
              />
              <MultiSelect
                label="Products"
                searchable
                placeholder={products.loading ? "Loading…" : "Choose products"}
                data={(products.data?.items ?? []).map((p) => ({
                  value: p.id,
                  label: `${p.name} · ${p.sku}`,
                }))}
                value={members}
                onChange={setMembers}
                error={errors.members}
                style={{ flex: "3 1 300px" }}
                maxDropdownHeight={260}
              />
            </Group>
            <Group justify="flex-end">
              <Button type="submit" loading={busy}>
                Create group
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
