import { Anchor, Button, Group, Paper, Select, Table, Text } from "@mantine/core";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { formatDateTime, toPage, withQuery } from "../../api.ts";
import {
  type CancellationRequest,
  MODE_LABEL,
  RequestModal,
  requestWhat,
} from "../../components/CancellationRequests.tsx";
import { DataTable } from "../../components/DataTable.tsx";
import { useUrlFilters } from "../../components/filters.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { StatusBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";

const toRequests = (raw: unknown) => toPage(raw, (i) => i as CancellationRequest);

/**
 * R-CRQ-02/03: the tenant's cancellation requests (filter by status and account), *View Request*
 * with Approve / Reject. /bss/cancellation-requests/:id (the emails' link) opens one.
 */
export function CancellationRequestsPage() {
  const [params, setFilters] = useUrlFilters();
  const { id } = useParams();
  const navigate = useNavigate();
  const status = params.get("status") ?? "pending";
  const accountId = params.get("accountId") ?? undefined;
  const offset = Number(params.get("offset") ?? 0);
  const state = useApi(
    withQuery("/api/bss/cancellation-requests", {
      ...(status === "all" ? {} : { status }),
      ...(accountId ? { accountId } : {}),
      limit: 50,
      offset,
    }),
    toRequests,
  );
  const one = useApi(id ? `/api/bss/cancellation-requests/${id}` : null, (raw) => raw as CancellationRequest);
  const [opened, setOpened] = useState<CancellationRequest | null>(null);
  const shown = opened ?? (id ? (one.data ?? null) : null);
  const close = () => {
    setOpened(null);
    if (id) navigate("/bss/cancellation-requests");
  };
  return (
    <>
      <PageHeader title="Cancellation requests" />
      <Paper p="md">
        <Group mb="md">
          <Select
            label="Status"
            value={status}
            onChange={(v) => setFilters({ status: v ?? "pending", offset: null })}
            data={[
              { value: "pending", label: "Pending" },
              { value: "approved", label: "Approved" },
              { value: "rejected", label: "Rejected" },
              { value: "withdrawn", label: "Withdrawn" },
              { value: "all", label: "All" },
            ]}
            allowDeselect={false}
            w={180}
          />
          {accountId && (
            <Button variant="subtle" mt="lg" onClick={() => setFilters({ accountId: null, offset: null })}>
              Clear account filter
            </Button>
          )}
        </Group>
        <DataTable
          state={state}
          empty="No cancellation requests"
          head={["Submitted", "Customer", "Subscription", "What", "When", "Status", ""]}
          row={(r) => (
            <Table.Tr key={r.id}>
              <Table.Td>{formatDateTime(r.submittedAt)}</Table.Td>
              <Table.Td>
                <Anchor size="sm" onClick={() => setFilters({ accountId: r.accountId, offset: null })}>
                  {r.accountName}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/bss/subscriptions/${r.subscriptionId}`} size="sm">
                  {r.subscriptionName}
                </Anchor>
              </Table.Td>
              <Table.Td>{requestWhat(r)}</Table.Td>
              <Table.Td>
                <Text size="sm">{MODE_LABEL[r.mode] ?? r.mode}</Text>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={r.status} />
              </Table.Td>
              <Table.Td ta="right">
                <Button size="xs" variant="light" onClick={() => setOpened(r)}>
                  View request
                </Button>
              </Table.Td>
            </Table.Tr>
          )}
        />
        {state.data && (
          <Pager
            total={state.data.total}
            limit={state.data.limit}
            offset={state.data.offset}
            onChange={(o) => setFilters({ offset: o })}
            noun="requests"
          />
        )}
      </Paper>
      <RequestModal
        request={shown}
        area="bss"
        canDecide
        onClose={close}
        onDecided={() => {
          close();
          state.reload();
          one.reload();
        }}
      />
    </>
  );
}
