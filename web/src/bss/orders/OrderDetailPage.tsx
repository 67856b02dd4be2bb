import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { Link, useParams } from "react-router";
import { api, errorMessage, formatDate, formatDateTime, formatMoney } from "../../api.ts";
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
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (kind === "reject" && !reason.trim()) {
      setFieldError("Tell the customer why the order is rejected");
      return;
    }
    setFieldError(null);
    setBusy(true);
    setError(null);
    try {
      const body = reason.trim() ? { reason: reason.trim() } : {};
      const o = await api.post<Order>(`/api/bss/orders/${encodeURIComponent(order.id)}/${kind}`, body);
      notifications.show({
        color: "green",
        title: kind === "reject" ? "Order rejected" : "Order canceled",
        message: orderTitle(o),
      });
      onDone(o);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      opened={kind !== null}
      onClose={onClose}
      title={kind === "reject" ? "Reject order" : "Cancel order"}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {error && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {error}
            </Alert>
          )}
          <Textarea
            label="Reason"
            required={kind === "reject"}
            autosize
            minRows={3}
            maxLength={2000}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fieldError}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" color="red" loading={busy}>
              {kind === "reject" ? "Reject order" : "Cancel order"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Lines({ order }: { order: Order }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Product</Table.Th>
            <Table.Th>Term</Table.Th>
            <Table.Th>Quantity</Table.Th>
            <Table.Th>Unit price</Table.Th>
            <Table.Th ta="right">Total</Table.Th>
            <Table.Th>Subscription</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {order.lines.map((l) => (
            <Table.Tr key={l.id}>
              <Table.Td>
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
              </Table.Td>
              <Table.Td>
                <TermBadge term={l.term} />
              </Table.Td>
              <Table.Td>{l.quantity}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatMoney(l.unitPrice)}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                {formatMoney(l.total)}
              </Table.Td>
              <Table.Td>
                {l.subscriptionId ? (
                  <Anchor component={Link} to={`/bss/subscriptions/${l.subscriptionId}`} size="sm">
                    Open
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th colSpan={4}>Total</Table.Th>
            <Table.Th ta="right">{formatMoney(order.total)}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
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
