import { Badge, Button, Group, Paper, Select, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { api, errorMessage, formatDate, labelOf, withQuery } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { useUrlFilters } from "../../components/filters.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { useApi } from "../../hooks.ts";
import { useCanWrite } from "../session.tsx";
import { PromotionDialog } from "./PromotionDialog.tsx";
import { type Promotion, toPromotionPage, valueText } from "./promotions.api.ts";

const LIMIT = 50;
const STATUS_COLOR = { scheduled: "blue", active: "green", ended: "gray" } as const;

/**
 * Promotions (R-PRM-01): the list with its filters (status, active on a day), a dialog to create
 * or edit one, and End (now). Orders made while a promotion is active get it; running
 * subscriptions keep what they were ordered with, whatever is edited here later.
 */
export function PromotionsPage() {
  const [params, update] = useUrlFilters();
  const offset = Number(params.get("offset") ?? 0) || 0;
  const status = params.get("status");
  const activeOn = params.get("activeOn");
  const state = useApi(
    withQuery("/api/bss/catalog/promotions", {
      limit: LIMIT,
      offset,
      ...(status ? { status } : {}),
      ...(activeOn ? { activeOn } : {}),
    }),
    toPromotionPage,
  );
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
      <Paper p="md">
        <Group mb="sm" gap="sm">
          <Select
            label="Status"
            placeholder="Any"
            clearable
            data={[
              { value: "active", label: "Active" },
              { value: "scheduled", label: "Scheduled" },
              { value: "ended", label: "Ended" },
            ]}
            value={status}
            onChange={(v) => update({ status: v, offset: null })}
            w={160}
          />
          <Select
            label="Active on"
            placeholder="Any day"
            clearable
            searchable
            data={activeOn ? [activeOn] : []}
            value={activeOn}
            onSearchChange={(v) => {
              if (/^\d{4}-\d{2}-\d{2}$/.test(v)) update({ activeOn: v, offset: null });
            }}
            onChange={(v) => update({ activeOn: v, offset: null })}
            w={180}
            description="YYYY-MM-DD"
          />
        </Group>
        <DataTable
          state={state}
          empty="No promotions"
          head={["Name", "Value", "Dates", "Terms", "Options", "Status", ""]}
          row={(p) => (
            <Table.Tr key={p.id} data-testid="promotion-row">
              <Table.Td>
                <Text fw={500}>{p.name}</Text>
              </Table.Td>
              <Table.Td>{valueText(p)}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                {formatDate(p.startDate)} – {p.endDate ? formatDate(p.endDate) : "open"}
              </Table.Td>
              <Table.Td>{p.terms.join(", ")}</Table.Td>
              <Table.Td>
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
              </Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLOR[p.status]} variant="light">
                  {labelOf("status", p.status)}
                </Badge>
              </Table.Td>
              <Table.Td>
                {canWrite && (
                  <Group gap={4} wrap="nowrap">
                    <Button size="xs" variant="default" onClick={() => setEditing(p)}>
                      Edit
                    </Button>
                    {p.status !== "ended" && (
                      <Button size="xs" variant="light" color="red" onClick={() => end(p)}>
                        End now
                      </Button>
                    )}
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          )}
        />
        {state.data && (
          <Pager
            total={state.data.total}
            limit={state.data.limit || LIMIT}
            offset={state.data.offset}
            onChange={(o) => update({ offset: o })}
            noun="promotions"
          />
        )}
      </Paper>
    </>
  );
}
