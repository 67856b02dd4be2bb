import { Alert, Anchor, Button, Grid, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { api, errorMessage, formatDate, formatDateTime, formatMoney } from "../../api.ts";
import { FormDialog, InvalidForm, useDialogForm } from "../../components/FormDialog.tsx";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { NotFoundPage } from "../../components/NotFoundPage.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { humanize, KeyValueTable, StatusBadge, TermBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { toAccount } from "../accounts/accounts.api.ts";
import { useCanWrite } from "../session.tsx";
import { type Order, orderActions, orderTitle } from "./orders.api.ts";

const CRUMBS = [{ label: "Orders", to: "/bss/orders" }];

function AccountName({ id }: { id: string }) {
  const a = useApi(`/api/bss/accounts/${encodeURIComponent(id)}`, toAccount);
  return (
    <Anchor component={Link} to={`/bss/accounts/${id}`} size="sm">
      {a.data?.name ?? id}
    </Anchor>
  );
}

/** Reject (reason required) or cancel (reason optional): a small validated form. */
function ReasonDialog({
  kind,
  order,
  onClose,
  onDone,
}: {
  kind: "reject" | "cancel" | null;
  order: Order;
  onClose: () => void;
  onDone: (o: Order) => void;
}) {
  const [reason, setReason] = useState("");
  const form = useDialogForm();
  async function submit() {
    if (kind === "reject" && !reason.trim())
      throw new InvalidForm({ reason: "Tell the customer why the order is rejected" });
    const body = reason.trim() ? { reason: reason.trim() } : {};
    const o = await api.post<Order>(`/api/bss/orders/${encodeURIComponent(order.id)}/${kind}`, body);
    notifications.show({
      color: "green",
      title: kind === "reject" ? "Order rejected" : "Order canceled",
      message: orderTitle(o),
    });
    onDone(o);
  }
  const title = kind === "reject" ? "Reject order" : "Cancel order";
  return (
    <FormDialog
      opened={kind !== null}
      onClose={onClose}
      title={title}
      form={form}
      onSubmit={submit}
      submitLabel={title}
      submitColor="red"
      cancelLabel="Close"
    >
      <Textarea
        label="Reason"
        required={kind === "reject"}
        autosize
        minRows={3}
        maxLength={2000}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={form.errors.reason}
        data-autofocus
      />
    </FormDialog>
  );
}

type Line = Order["lines"][number];

const LINE_COLUMNS: Column<Line>[] = [
  {
    key: "product",
    header: "Product",
    primary: true,
    render: (l) => (
      <>
        <Text size="sm" fw={500}>
          {l.productName}
        </Text>
        <Text size="xs" c="dimmed" className="mono">
          {l.sku}
        </Text>
        {l.addons.map((a) => (
          <Text size="xs" key={a.productId}>
            + {a.name} × {a.quantity} {a.total ? `(${formatMoney(a.total)})` : ""}
            {a.quantityNote && (
              <Text span size="xs" c="blue.8" data-testid="addon-quantity-note">
                {" "}
                — {a.quantityNote.code}: {a.quantityNote.message}
              </Text>
            )}
          </Text>
        ))}
        {Object.entries(l.serviceDetails).map(([k, v]) => (
          <Text size="xs" c="dimmed" key={k}>
            {humanize(k)}: {v}
          </Text>
        ))}
        {l.startNote && (
          <Text size="xs" c="blue" data-testid="line-start">
            {l.startNote}
          </Text>
        )}
      </>
    ),
  },
  { key: "term", header: "Term", render: (l) => <TermBadge term={l.term} /> },
  { key: "quantity", header: "Quantity", align: "right", render: (l) => l.quantity },
  { key: "unitPrice", header: "Unit price", nowrap: true, render: (l) => formatMoney(l.unitPrice) },
  { key: "total", header: "Total", align: "right", nowrap: true, render: (l) => formatMoney(l.total) },
  {
    key: "subscription",
    header: "Subscription",
    render: (l) =>
      l.subscriptionId ? (
        <Anchor component={Link} to={`/bss/subscriptions/${l.subscriptionId}`} size="sm">
          Open
        </Anchor>
      ) : (
        "—"
      ),
  },
];

function Lines({ order }: { order: Order }) {
  return (
    <ItemsTable
      items={order.lines}
      columns={LINE_COLUMNS}
      rowKey={(l) => l.id}
      label="Order lines"
      footer={[{ key: "total", label: "Total", strong: true, cells: { total: formatMoney(order.total) } }]}
    />
  );
}

export function OrderDetailPage() {
  const { id = "" } = useParams();
  const state = useApi<Order>(`/api/bss/orders/${encodeURIComponent(id)}`);
  const [dialog, setDialog] = useState<"reject" | "cancel" | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const canWrite = useCanWrite();
  if (state.error?.isNotFound) return <NotFoundPage title="Order not found" home="/bss/orders" />;
  if (state.error && !state.data) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading label="Loading order…" />;
  const o = state.data;

  async function run(action: "approve" | "execute") {
    setBusy(action);
    try {
      const done = await api.post<Order>(`/api/bss/orders/${encodeURIComponent(o.id)}/${action}`);
      notifications.show({
        color: "green",
        title: action === "approve" ? "Order approved" : "Order executed",
        message: `${orderTitle(done)} is ${humanize(done.status).toLowerCase()}.`,
      });
      state.reload();
    } catch (e) {
      notifications.show({ color: "red", title: `Could not ${action} the order`, message: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  }

  const actions = canWrite ? orderActions(o.status) : [];
  return (
    <>
      <PageHeader
        title={orderTitle(o)}
        crumbs={CRUMBS}
        description={<StatusBadge status={o.status} />}
        actions={
          <>
            {actions.includes("approve") && (
              <Button onClick={() => run("approve")} loading={busy === "approve"}>
                Approve
              </Button>
            )}
            {actions.includes("execute") && (
              <Button onClick={() => run("execute")} loading={busy === "execute"}>
                Execute
              </Button>
            )}
            {actions.includes("reject") && (
              <Button color="red" variant="light" onClick={() => setDialog("reject")}>
                Reject
              </Button>
            )}
            {actions.includes("cancel") && (
              <Button color="red" variant="light" onClick={() => setDialog("cancel")}>
                Cancel order
              </Button>
            )}
          </>
        }
      />
      <Stack gap="lg">
        {o.needsManualExecution && (
          <Alert color="blue" variant="light" title="Needs a manual execution">
            No service manager provisions a product of this order: set it up at the vendor, then execute the
            order here. Its subscriptions will be Unsynchronized (nothing is sent to a vendor).
          </Alert>
        )}
        {o.rejectionReason && (
          <Alert color="red" variant="light" title="Rejected">
            {o.rejectionReason}
          </Alert>
        )}
        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Paper p="md" h="100%">
              <Title order={3} fz="h4" mb="sm">
                Details
              </Title>
              <KeyValueTable
                data={{
                  customer: o.accountId ? <AccountName id={o.accountId} /> : null,
                  reseller: o.resellerAccountId ? <AccountName id={o.resellerAccountId} /> : null,
                  channel: o.channel === "bss" ? "Back office" : "Storefront",
                  onBehalf: o.onBehalf,
                  orderDate: formatDate(o.orderDate),
                  note: o.note,
                  total: o.total,
                }}
              />
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Paper p="md" h="100%">
              <Title order={3} fz="h4" mb="sm">
                Status history
              </Title>
              <Stack gap={6}>
                {o.events.map((e) => (
                  <Text size="sm" key={e.id}>
                    {formatDateTime(e.at)} · {e.fromStatus ? `${humanize(e.fromStatus)} → ` : ""}
                    {humanize(e.toStatus)}
                    {e.note ? ` — ${e.note}` : ""}
                  </Text>
                ))}
              </Stack>
            </Paper>
          </Grid.Col>
        </Grid>
        <Paper p="md">
          <Title order={3} fz="h4" mb="sm">
            Lines
          </Title>
          <Lines order={o} />
        </Paper>
      </Stack>
      <ReasonDialog
        key={dialog ?? "none"}
        kind={dialog}
        order={o}
        onClose={() => setDialog(null)}
        onDone={() => {
          setDialog(null);
          state.reload();
        }}
      />
    </>
  );
}
