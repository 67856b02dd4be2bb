import { Anchor, Button, Text } from "@mantine/core";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { formatDateTime, toPage } from "../../api.ts";
import {
  type CancellationRequest,
  MODE_LABEL,
  RequestModal,
  requestWhat,
} from "../../components/CancellationRequests.tsx";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column, Filter } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { StatusBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { AccountFilterNote } from "../accounts/AccountFilterNote.tsx";

const toRequests = (raw: unknown) => toPage(raw, (i) => i as CancellationRequest);

const FILTERS: Filter[] = [
  {
    kind: "select",
    name: "status",
    label: "Status",
    defaultValue: "pending",
    anyValue: "all",
    data: [
      { value: "pending", label: "Pending" },
      { value: "approved", label: "Approved" },
      { value: "rejected", label: "Rejected" },
      { value: "withdrawn", label: "Withdrawn" },
      { value: "all", label: "All" },
    ],
  },
  { kind: "hidden", name: "accountId" },
];

const columns = (
  filterAccount: (id: string) => void,
  open: (r: CancellationRequest) => void,
): Column<CancellationRequest>[] => [
  {
    key: "submittedAt",
    header: "Submitted",
    sort: "submittedAt",
    nowrap: true,
    render: (r) => formatDateTime(r.submittedAt),
  },
  {
    key: "customer",
    header: "Customer",
    render: (r) => (
      <Anchor component="button" type="button" size="sm" onClick={() => filterAccount(r.accountId)}>
        {r.accountName}
      </Anchor>
    ),
  },
  {
    key: "subscription",
    header: "Subscription",
    primary: true,
    render: (r) => (
      <Anchor component={Link} to={`/bss/subscriptions/${r.subscriptionId}`} size="sm">
        {r.subscriptionName}
      </Anchor>
    ),
  },
  { key: "what", header: "What", render: (r) => requestWhat(r) },
  { key: "when", header: "When", render: (r) => <Text size="sm">{MODE_LABEL[r.mode] ?? r.mode}</Text> },
  { key: "status", header: "Status", sort: "status", render: (r) => <StatusBadge status={r.status} /> },
  {
    key: "view",
    header: "",
    align: "right",
    render: (r) => (
      <Button size="xs" variant="light" onClick={() => open(r)}>
        View request
      </Button>
    ),
  },
];

/**
 * R-CRQ-02/03: the tenant's cancellation requests (filter by status and account), *View Request*
 * with Approve / Reject. /bss/cancellation-requests/:id (the emails' link) opens one.
 */
export function CancellationRequestsPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const list = useList({
    path: "/api/bss/cancellation-requests",
    map: toRequests,
    filters: FILTERS,
    defaultSort: "-submittedAt",
  });
  const state = list.state;
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
      <ListView
        list={list}
        columns={columns((accountId) => list.update({ accountId, offset: null }), setOpened)}
        rowKey={(r) => r.id}
        noun="requests"
        empty="No pending cancellation requests"
        emptyFiltered="No cancellation requests match these filters"
      >
        <AccountFilterNote
          accountId={list.values.accountId ?? ""}
          onClear={() => list.update({ accountId: null, offset: null })}
        />
      </ListView>
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
