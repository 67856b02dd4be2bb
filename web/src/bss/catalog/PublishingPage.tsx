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
import { api, toPage } from "../../api.ts";
import { InvalidForm, useDialogForm } from "../../components/FormDialog.tsx";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { QueryView } from "../../components/States.tsx";
import { useApi } from "../../hooks.ts";
import { type Account, toAccountPage } from "../accounts/accounts.api.ts";
import { toProductPage } from "./catalog.api.ts";

interface ProductGroup {
  id: string;
  name: string;
  description: string | null;
  productIds: string[];
}

const STOREFRONT_COLUMNS: Column<Account>[] = [
  { key: "reseller", header: "Reseller", primary: true, render: (a) => a.name },
  {
    key: "storefront",
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
    key: "group",
    header: "Group",
    primary: true,
    render: (g) => (
      <>
        <Text size="sm" fw={500} component="span">
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
  const form = useDialogForm();
  const { errors, error, busy } = form;

  async function save() {
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = "Give the group a name";
    if (members.length === 0) errs.members = "Choose at least one product";
    if (Object.keys(errs).length > 0) throw new InvalidForm(errs);
    await api.post("/api/bss/catalog/product-groups", { name: name.trim(), productIds: members });
    notifications.show({ color: "green", title: "Product group created", message: name.trim() });
    setName("");
    setMembers([]);
    groups.reload();
  }
  function create(e: FormEvent) {
    e.preventDefault();
    if (!busy) void form.submit(save);
  }

  return (
    <Stack gap="lg">
      <Paper p="md">
        <Title order={3} fz="h4" mb="sm">
          Storefronts
        </Title>
        <QueryView state={storefronts}>
          {(page) => (
            <ItemsTable
              items={page.items}
              columns={STOREFRONT_COLUMNS}
              rowKey={(a) => a.id}
              label="Storefronts"
              empty="No reseller has a Storefront"
            />
          )}
        </QueryView>
      </Paper>
      <Paper p="md">
        <Title order={3} fz="h4" mb="sm">
          Product groups
        </Title>
        <QueryView state={groups}>
          {(page) => (
            <ItemsTable
              items={page.items}
              columns={GROUP_COLUMNS}
              rowKey={(g) => g.id}
              label="Product groups"
              empty="No product groups yet"
            />
          )}
        </QueryView>
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
