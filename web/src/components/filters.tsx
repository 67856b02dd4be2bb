import { TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useSearchParams } from "react-router";

export type FilterChanges = Record<string, string | number | null | undefined>;

/** List filters and paging kept in the URL, so they survive reloads and the back button. */
export function useUrlFilters(): [URLSearchParams, (changes: FilterChanges) => void] {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (changes: FilterChanges) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v === null || v === undefined || v === "" || v === 0) next.delete(k);
            else next.set(k, String(v));
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [params, update];
}

/** A search box bound to the `q` (or `name`) URL parameter (debounced; resets paging). */
export function SearchFilter({
  placeholder,
  label = "Search",
  name = "q",
}: {
  placeholder: string;
  label?: string;
  name?: string;
}) {
  const [params, update] = useUrlFilters();
  const current = params.get(name) ?? "";
  const [text, setText] = useState(current);
  const [debounced] = useDebouncedValue(text.trim(), 300);
  const pushed = useRef(debounced);

  // Typing drives the URL; only a change of the typed text pushes, so links that change
  // the URL are not overwritten by stale text.
  useEffect(() => {
    if (debounced === pushed.current) return;
    pushed.current = debounced;
    update({ [name]: debounced, offset: null });
  }, [debounced, update, name]);

  // The URL drives the box when it changes from elsewhere (a link, the back button).
  useEffect(() => {
    if (current !== pushed.current) {
      pushed.current = current;
      setText(current);
    }
  }, [current]);

  return (
    <TextInput
      label={label}
      type="search"
      placeholder={placeholder}
      leftSection={<IconSearch size={16} />}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      style={{ flex: "1 1 220px" }}
    />
  );
}
