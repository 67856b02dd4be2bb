import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  PasswordInput,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconAlertTriangle, IconPlus } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, errorMessage, fieldErrors, formatDateTime, toPage } from "../../api.ts";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useBssSession } from "../session.tsx";

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
const SLUG = /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function NewTenantDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const phone = useMediaQuery("(max-width: 36em)") ?? false;
  const [f, setF] = useState({ name: "", slug: "", adminName: "", adminEmail: "", password: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: { currentTarget: { value: string } }) =>
    setF({ ...f, [k]: e.currentTarget.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!f.name.trim()) errs.name = "Give the tenant a name";
    if (!SLUG.test(f.slug)) errs.slug = "2–40 lowercase letters, digits and hyphens";
    if (!f.adminName.trim()) errs["admin.name"] = "The first admin's name";
    if (!EMAIL.test(f.adminEmail.trim())) errs["admin.email"] = "Not a valid email address";
    if (f.password.length < 10) errs["admin.password"] = "Use at least 10 characters";
    setErrors(errs);
    if (Object.keys(errs).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<{ tenant: TenantReseller }>("/api/bss/tenants", {
        name: f.name.trim(),
        slug: f.slug,
        admin: { name: f.adminName.trim(), email: f.adminEmail.trim(), password: f.password },
      });
      navigate(`/bss/tenant-resellers/${created.tenant.id}`);
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title="New tenant reseller" size="lg" fullScreen={phone}>
      <form onSubmit={submit} noValidate aria-label="New tenant reseller">
        <Stack gap="sm">
          {error && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {error}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" value={f.name} onChange={set("name")} error={errors.name} required />
            <TextInput
              label="Slug"
              description="Lowercase, unique"
              value={f.slug}
              onChange={set("slug")}
              error={errors.slug}
              required
            />
          </SimpleGrid>
          <Title order={4} fz="sm">
            Its first admin
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Admin name"
              value={f.adminName}
              onChange={set("adminName")}
              error={errors["admin.name"]}
              required
            />
            <TextInput
              label="Admin email"
              type="email"
              value={f.adminEmail}
              onChange={set("adminEmail")}
              error={errors["admin.email"]}
              required
            />
          </SimpleGrid>
          <PasswordInput
            label="Admin password"
            value={f.password}
            onChange={set("password")}
            error={errors["admin.password"]}
            autoComplete="new-password"
            required
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={busy}>
              Create tenant reseller
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

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
