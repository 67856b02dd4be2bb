import { Badge, Button, Group, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { api, errorMessage, formatDate, labelOf } from "../../api.ts";
import { ListView } from "../../components/list/ListView.tsx";
import type { Column, Filter } from "../../components/list/list.types.ts";
import { useList } from "../../components/list/useList.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useCanWrite } from "../session.tsx";
import { PromotionDialog } from "./PromotionDialog.tsx";
import { type Promotion, toPromotionPage, valueText } from "./promotions.api.ts";

const STATUS_COLOR = { scheduled: "blue", active: "green", ended: "gray" } as const;

const FILTERS: Filter[] = [
  {
    kind: "select",
    name: "status",
    label: "Status",
    placeholder: "Any",
    data: [
      { value: "active", label: "Active" },
      { value: "scheduled", label: "Scheduled" },
      { value: "ended", label: "Ended" },
    ],
  },
  { kind: "date", name: "activeOn", label: "Active on" },
];

const columns = (
  canWrite: boolean,
  edit: (p: Promotion) => void,
  end: (p: Promotion) => void,
): Column<Promotion>[] => [
  { key: "name", header: "Name", sort: "name", primary: true, render: (p) => <Text fw={500}>{p.name}</Text> },
  { key: "value", header: "Value", render: (p) => valueText(p) },
  {
    key: "startDate",
    header: "Starts",
    sort: "startDate",
    nowrap: true,
    render: (p) => formatDate(p.startDate),
  },
  {
    key: "endDate",
    header: "Ends",
    sort: "endDate",
    nowrap: true,
    render: (p) => (p.endDate ? formatDate(p.endDate) : "Open"),
  },
  { key: "terms", header: "Terms", render: (p) => p.terms.join(", ") },
  {
    key: "options",
    header: "Options",
    render: (p) => (
      <Group gap={4}>
        {p.newCustomersOnly && (
          <Badge size="xs" variant="outline">
            new customers
          </Badge>
        )}
        {p.prerequisiteProductIds.length > 0 && (
          <Badge size="xs" variant="outline">
            {p.prerequisiteProductIds.length} prerequisite(s)
          </Badge>
        )}
      </Group>
    ),
  },
  {
    key: "status",
    header: "Status",
    render: (p) => (
      <Badge color={STATUS_COLOR[p.status]} variant="light">
        {labelOf("status", p.status)}
      </Badge>
    ),
  },
  ...(canWrite
    ? [
        {
          key: "actions",
          header: "",
          render: (p: Promotion) => (
            <Group gap={4} wrap="nowrap">
              <Button size="xs" variant="default" onClick={() => edit(p)}>
                Edit
              </Button>
              {p.status !== "ended" && (
                <Button size="xs" variant="light" color="red" onClick={() => end(p)}>
                  End now
                </Button>
              )}
            </Group>
          ),
        },
      ]
    : []),
];

/**
 * Promotions (R-PRM-01): the list with its filters (status, active on a day), a dialog to create
 * or edit one, and End (now). Orders made while a promotion is active get it; running
 * subscriptions keep what they were ordered with, whatever is edited here later.
 */
export function PromotionsPage() {
  const list = useList({
    path: "/api/bss/catalog/promotions",
    map: toPromotionPage,
    filters: FILTERS,
    defaultSort: "-startDate",
  });
  const state = list.state;
  const [editing, setEditing] = useState<Promotion | "new" | null>(null);
  const canWrite = useCanWrite();

  async function end(p: Promotion) {
    try {
      await api.post(`/api/bss/catalog/promotions/${p.id}/end`, {});
      notifications.show({ color: "green", message: `${p.name} ended: no order from today on gets it` });
      state.reload();
    } catch (err) {
      notifications.show({ color: "red", message: errorMessage(err) });
    }
  }

  return (
    <>
      <PageHeader
        title="Promotions"
        description="Price reductions on the recurring charges of subscriptions ordered while a promotion is active. They do not stack: the lowest price applies."
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")}>
              New promotion
            </Button>
          )
        }
      />
      <PromotionDialog
        promotion={editing === "new" ? null : editing}
        opened={editing !== null}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          state.reload();
        }}
      />
      <ListView
        list={list}
        columns={columns(canWrite, setEditing, end)}
        rowKey={(p) => p.id}
        rowTestId="promotion-row"
        noun="promotions"
        empty="No promotions"
      />
    </>
  );
}
