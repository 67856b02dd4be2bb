import { Group, Select, Switch, TextInput } from "@mantine/core";
import { SearchFilter } from "../filters.tsx";
import type { ListState } from "./useList.ts";

const WIDTH = { base: "100%", xs: 200 };
const DATE_WIDTH = { base: "100%", xs: 160 };

/** The filter bar of a list, every control bound to its URL parameter. */
export function ListFilters<T>({ list }: { list: ListState<T> }) {
  if (list.filters.length === 0) return null;
  const set = (name: string, value: string | null) => list.update({ [name]: value, offset: null });
  return (
    <Group mb="md" gap="sm" align="flex-end">
      {list.filters.map((f) => {
        switch (f.kind) {
          case "search":
            return (
              <SearchFilter
                key={f.name ?? "q"}
                placeholder={f.placeholder}
                name={f.name ?? "q"}
                {...(f.label ? { label: f.label } : {})}
              />
            );
          case "select":
            return (
              <Select
                key={f.name}
                label={f.label}
                placeholder={f.placeholder ?? "Any"}
                data={f.data}
                value={list.values[f.name] || null}
                onChange={(v) => set(f.name, v === f.defaultValue ? null : v)}
                searchable={f.searchable ?? false}
                clearable={f.defaultValue === undefined}
                allowDeselect={f.defaultValue === undefined}
                w={WIDTH}
              />
            );
          case "date":
            return (
              <TextInput
                key={f.name}
                type="date"
                label={f.label}
                value={list.values[f.name] ?? ""}
                onChange={(e) => set(f.name, e.currentTarget.value)}
                w={DATE_WIDTH}
              />
            );
          case "hidden":
            return null;
          case "switch":
            return (
              <Switch
                key={f.name}
                label={f.label}
                checked={list.values[f.name] === "true"}
                onChange={(e) => set(f.name, e.currentTarget.checked ? "true" : null)}
                mb={8}
              />
            );
          default:
            return null;
        }
      })}
    </Group>
  );
}
