import { PasswordInput, SimpleGrid, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api.ts";
import { FormDialog, InvalidForm, useDialogForm } from "../../components/FormDialog.tsx";
import type { TenantReseller } from "./TenantResellersPage.tsx";

const SLUG = /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** R-TEN-01: a new tenant reseller with its first admin; opens the new tenant's page. */
export function NewTenantDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const [f, setF] = useState({ name: "", slug: "", adminName: "", adminEmail: "", password: "" });
  const form = useDialogForm();
  const { errors } = form;
  const set = (k: keyof typeof f) => (e: { currentTarget: { value: string } }) =>
    setF({ ...f, [k]: e.currentTarget.value });

  async function submit() {
    const errs: Record<string, string> = {};
    if (!f.name.trim()) errs.name = "Give the tenant a name";
    if (!SLUG.test(f.slug)) errs.slug = "2–40 lowercase letters, digits and hyphens";
    if (!f.adminName.trim()) errs["admin.name"] = "The first admin's name";
    if (!EMAIL.test(f.adminEmail.trim())) errs["admin.email"] = "Not a valid email address";
    if (f.password.length < 10) errs["admin.password"] = "Use at least 10 characters";
    if (Object.keys(errs).length > 0) throw new InvalidForm(errs);
    const created = await api.post<{ tenant: TenantReseller }>("/api/bss/tenants", {
      name: f.name.trim(),
      slug: f.slug,
      admin: { name: f.adminName.trim(), email: f.adminEmail.trim(), password: f.password },
    });
    navigate(`/bss/tenant-resellers/${created.tenant.id}`);
  }

  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title="New tenant reseller"
      size="lg"
      form={form}
      onSubmit={submit}
      submitLabel="Create tenant reseller"
      cancelLabel="Close"
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="Name"
          value={f.name}
          onChange={set("name")}
          error={errors.name}
          required
          data-autofocus
        />
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
    </FormDialog>
  );
}
