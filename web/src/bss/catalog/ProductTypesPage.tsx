import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { api, errorMessage, formatMoney } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { StatusBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { useBssSession } from "../session.tsx";
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

/** R-CRQ-01: edit the product type's cancellation options (admins). */
function CancellationOptionsModal({
  type,
  onClose,
  onSaved,
}: {
  type: ProductType;
  onClose: () => void;
  onSaved: () => void;
}) {
  const o = type.cancellationRequests;
  const [subs, setSubs] = useState(o.automaticSubscriptions);
  const [addons, setAddons] = useState(o.automaticAddons);
  const [threshold, setThreshold] = useState(o.amountThreshold?.decimal ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.patch(`/api/bss/catalog/product-types/${type.id}`, {
        cancellationRequests: {
          automaticSubscriptions: subs,
          automaticAddons: addons,
          amountThreshold: threshold.trim() ? threshold.trim() : null,
        },
      });
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={`Cancellation requests — ${type.name}`}>
      <Stack>
        <Switch
          label="Automatic execution of subscription cancellation requests"
          checked={subs}
          onChange={(e) => setSubs(e.currentTarget.checked)}
        />
        <Switch
          label="Automatic execution of add-on cancellation requests"
          checked={addons}
          onChange={(e) => setAddons(e.currentTarget.checked)}
        />
        <TextInput
          label="Amount threshold"
          description="A cancellation whose credit is above this amount (your currency) waits for approval anyway. Empty: none."
          placeholder="e.g. 500.00"
          value={threshold}
          onChange={(e) => setThreshold(e.currentTarget.value)}
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={busy} onClick={save}>
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function ProductTypesPage() {
  const state = useApi("/api/bss/catalog/product-types", toProductTypes);
  const isAdmin = useBssSession().actor.role === "admin";
  const [editing, setEditing] = useState<ProductType | null>(null);
  return (
    <Paper p="md">
      <DataTable
        state={state}
        empty="No product types yet"
        emptyHint="Run Get Services Definition on a service manager to import its catalogue."
        head={["Name", "Code", "Products", "Policies", "Cancellations", "Status", ""]}
        row={(t) => (
          <Table.Tr key={t.id}>
            <Table.Td fw={500}>{t.name}</Table.Td>
            <Table.Td className="mono">{t.code}</Table.Td>
            <Table.Td>{t.productCount ?? <Text c="dimmed">—</Text>}</Table.Td>
            <Table.Td>
              <Text size="sm" c="dimmed">
                {Object.keys(t.policies).length} policies
              </Text>
            </Table.Td>
            <Table.Td>
              <CancellationSummary t={t} />
            </Table.Td>
            <Table.Td>
              <StatusBadge status={t.status} />
            </Table.Td>
            <Table.Td ta="right">
              <Group gap="sm" justify="flex-end" wrap="nowrap">
                {isAdmin && (
                  <Button size="xs" variant="light" onClick={() => setEditing(t)}>
                    Cancellation options
                  </Button>
                )}
                <Anchor
                  component={Link}
                  to={`/bss/catalogue?productTypeId=${encodeURIComponent(t.id)}`}
                  size="sm"
                >
                  Show products
                </Anchor>
              </Group>
            </Table.Td>
          </Table.Tr>
        )}
      />
      {editing && (
        <CancellationOptionsModal
          type={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            state.reload();
          }}
        />
      )}
    </Paper>
  );
}
