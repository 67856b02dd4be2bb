import { Anchor, Badge, Button, Grid, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { Link, useParams } from "react-router";
import { api } from "../../api.ts";
import { LegalDetailsForm } from "../../components/LegalDetailsForm.tsx";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { NotFoundPage } from "../../components/NotFoundPage.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ErrorState, Loading, QueryView } from "../../components/States.tsx";
import { KeyValueTable, StatusBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { AccountPayments } from "../billing/AccountPayments.tsx";
import { useCanWrite } from "../session.tsx";
import {
  BillingOptionsForm,
  OrderApprovalSwitch,
  PaymentMethodSelect,
  Publications,
} from "./AccountSettings.tsx";
import { type Account, kindLabel, paymentMethodLabel, toAccount, toContactPage } from "./accounts.api.ts";

const CRUMBS = [{ label: "Accounts", to: "/bss/accounts" }];

function ParentLink({ id }: { id: string }) {
  const parent = useApi(`/api/bss/accounts/${id}`, toAccount);
  return (
    <Anchor component={Link} to={`/bss/accounts/${id}`}>
      {parent.data?.name ?? id}
    </Anchor>
  );
}

function Details({ account }: { account: Account }) {
  return (
    <KeyValueTable
      data={{
        id: account.id,
        kind: kindLabel(account.kind),
        edition: account.edition,
        paymentMethod: paymentMethodLabel(account.paymentMethod),
        parent: account.parentAccountId ? <ParentLink id={account.parentAccountId} /> : null,
        email: account.email,
        storefront: account.storefrontAlias ? (
          <Anchor component={Link} to={`/store/${account.storefrontAlias}`}>
            /store/{account.storefrontAlias}
          </Anchor>
        ) : null,
        orderApproval: account.orderApprovalLocked
          ? "Orders need approval (locked: reseller pays by Credit Card)"
          : account.orderApproval
            ? "Orders need approval"
            : "Orders run without approval",
        currency: account.currency ?? "Tenant default",
        accountingNumber: account.accountingNumber,
        vatId: account.vatId,
        vendorResellerId: account.vendorResellerId,
      }}
      labels={{ id: "ID", vendorResellerId: "Vendor reseller ID", vatId: "VAT ID" }}
    />
  );
}

type Contact = ReturnType<typeof toContactPage>["items"][number];

const CONTACT_COLUMNS: Column<Contact>[] = [
  {
    key: "name",
    header: "Name",
    primary: true,
    render: (c) => (
      <Group gap="xs" component="span">
        <Text size="sm" component="span">
          {c.name}
        </Text>
        {c.isPrimary && (
          <Badge size="xs" variant="light">
            Primary
          </Badge>
        )}
      </Group>
    ),
  },
  {
    key: "email",
    header: "Email",
    render: (c) => (
      <Anchor href={`mailto:${c.email}`} size="sm">
        {c.email}
      </Anchor>
    ),
  },
  { key: "phone", header: "Phone", render: (c) => c.phone ?? "—" },
];

function Contacts({ accountId }: { accountId: string }) {
  const state = useApi(`/api/bss/accounts/${accountId}/contacts`, toContactPage);
  return (
    <QueryView state={state}>
      {(page) => (
        <ItemsTable
          items={page.items}
          columns={CONTACT_COLUMNS}
          rowKey={(c) => c.id}
          label="Contacts"
          empty="No contacts"
        />
      )}
    </QueryView>
  );
}

export function AccountDetailPage() {
  const { id = "" } = useParams();
  const state = useApi(`/api/bss/accounts/${encodeURIComponent(id)}`, toAccount);
  const canWrite = useCanWrite();

  if (state.error?.isNotFound) return <NotFoundPage title="Account not found" home="/bss/accounts" />;
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading label="Loading account…" />;
  const account = state.data;
  const q = encodeURIComponent(account.id);
  return (
    <>
      <PageHeader
        title={account.name}
        crumbs={CRUMBS}
        description={`${kindLabel(account.kind)}${account.edition ? ` · ${account.edition} edition` : ""}`}
        actions={
          <Group gap="xs">
            <StatusBadge status={account.status} />
            <Button component={Link} to={`/bss/subscriptions?accountId=${q}`} variant="default" size="xs">
              Subscriptions
            </Button>
            <Button component={Link} to={`/bss/orders?accountId=${q}`} variant="default" size="xs">
              Orders
            </Button>
            <Button component={Link} to={`/bss/billing/documents?accountId=${q}`} variant="default" size="xs">
              Invoices
            </Button>
          </Group>
        }
      />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper p="md">
            <Title order={3} fz="h4" mb="sm">
              Details
            </Title>
            <Details account={account} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper p="md">
            <Title order={3} fz="h4" mb="sm">
              Contacts
            </Title>
            <Contacts accountId={account.id} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper p="md" h="100%">
            <Title order={3} fz="h4" mb="sm">
              Billing options
            </Title>
            <BillingOptionsForm accountId={account.id} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper p="md" h="100%">
            <Title order={3} fz="h4" mb="sm">
              On invoices
            </Title>
            <LegalDetailsForm
              label="Invoice details"
              value={account}
              canWrite={canWrite}
              save={async (body) => {
                await api.patch(`/api/bss/accounts/${encodeURIComponent(account.id)}`, body);
                state.reload();
              }}
            />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="lg">
            <Paper p="md">
              <Title order={3} fz="h4" mb="sm">
                Ordering
              </Title>
              <Stack gap="md">
                {account.kind === "reseller" && (
                  <PaymentMethodSelect account={account} onChange={() => state.reload()} />
                )}
                <OrderApprovalSwitch account={account} onChange={() => state.reload()} />
              </Stack>
            </Paper>
            {account.kind === "reseller" && account.storefrontAlias && (
              <Paper p="md">
                <Title order={3} fz="h4" mb="sm">
                  Storefront publishing
                </Title>
                <Publications resellerId={account.id} />
              </Paper>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={12}>
          <Paper p="md">
            <Title order={3} fz="h4" mb="sm">
              Payments and statement
            </Title>
            <AccountPayments accountId={account.id} />
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}
