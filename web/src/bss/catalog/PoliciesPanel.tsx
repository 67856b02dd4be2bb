import { Accordion, Badge, Group, Stack, Table, Text } from "@mantine/core";
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
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table fz="xs" verticalSpacing={6} striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Rule</Table.Th>
            {keys.map((k) => (
              <Table.Th key={k}>{humanize(k)}</Table.Th>
            ))}
            <Table.Th>Message</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rules.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rules are an ordered list without ids
            <Table.Tr key={i}>
              <Table.Td>
                <RuleCode code={r.code} />
              </Table.Td>
              {keys.map((k) => (
                <Table.Td key={k}>
                  <ValueView value={r[k]} />
                </Table.Td>
              ))}
              <Table.Td miw={240}>{typeof r.message === "string" ? r.message : ""}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
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
