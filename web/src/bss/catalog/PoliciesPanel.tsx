import { Accordion, Badge, Group, Stack, Text } from "@mantine/core";
import { ItemsTable } from "../../components/list/ListView.tsx";
import type { Column } from "../../components/list/list.types.ts";
import { humanize, KeyValueTable, ValueView } from "../../components/Values.tsx";

/**
 * Effective policies as the services definition declares them: each policy is a value, an
 * object (fields plus its rule `code` and `message`) or a list of rules (one table row each).
 */
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function RuleCode({ code }: { code: unknown }) {
  if (typeof code !== "string") return null;
  return (
    <Badge size="xs" variant="outline" color="gray" ff="monospace">
      {code}
    </Badge>
  );
}

function RuleTable({ rules }: { rules: Json[] }) {
  const keys = [...new Set(rules.flatMap((r) => Object.keys(r)))].filter(
    (k) => k !== "code" && k !== "message",
  );
  const columns: Column<[number, Json]>[] = [
    { key: "code", header: "Rule", primary: true, render: ([, r]) => <RuleCode code={r.code} /> },
    ...keys.map(
      (k): Column<[number, Json]> => ({
        key: `f-${k}`,
        header: humanize(k),
        render: ([, r]) => <ValueView value={r[k]} />,
      }),
    ),
    {
      key: "message",
      header: "Message",
      render: ([, r]) => (typeof r.message === "string" ? r.message : ""),
    },
  ];
  return (
    <ItemsTable
      items={rules.map((r, i): [number, Json] => [i, r])}
      columns={columns}
      rowKey={([i]) => String(i)}
      label="Rules"
    />
  );
}

function PolicyBody({ value }: { value: unknown }) {
  if (Array.isArray(value) && value.length > 0 && value.every(isObject)) return <RuleTable rules={value} />;
  if (isObject(value)) {
    const { code: _code, message, ...fields } = value;
    return (
      <Stack gap="xs">
        {typeof message === "string" && <Text size="sm">{message}</Text>}
        {Object.keys(fields).length > 0 && <KeyValueTable data={fields} />}
      </Stack>
    );
  }
  return <ValueView value={value} />;
}

function summaryOf(value: unknown): string {
  if (Array.isArray(value)) return `${value.length} ${value.length === 1 ? "entry" : "entries"}`;
  if (isObject(value)) return "";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value ?? "—");
}

export function PoliciesPanel({ policies, overrides }: { policies: Json; overrides: Json }) {
  const entries = Object.entries(policies);
  if (entries.length === 0) return <Text c="dimmed">No policies</Text>;
  return (
    <Accordion multiple variant="separated" radius="md" chevronPosition="left">
      {entries.map(([key, value]) => (
        <Accordion.Item key={key} value={key}>
          <Accordion.Control>
            <Group gap="xs" wrap="wrap">
              <Text fw={500} size="sm">
                {humanize(key)}
              </Text>
              {isObject(value) && <RuleCode code={value.code} />}
              {key in overrides && (
                <Badge size="xs" variant="light" color="grape">
                  Product override
                </Badge>
              )}
              <Text size="xs" c="dimmed">
                {summaryOf(value)}
              </Text>
            </Group>
          </Accordion.Control>
          <Accordion.Panel>
            <PolicyBody value={value} />
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
