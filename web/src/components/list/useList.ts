import { useCallback } from "react";
import { type ListPage, withQuery } from "../../api.ts";
import { type ApiState, useApi } from "../../hooks.ts";
import { useUrlFilters } from "../filters.tsx";
import type { Filter } from "./list.types.ts";

export interface ListState<T> {
  state: ApiState<ListPage<T>>;
  /** The whole URL query (for page state beside the list, e.g. `?message=` of an open dialog). */
  params: URLSearchParams;
  /** Filter values from the URL by name ("" when not set). */
  values: Record<string, string>;
  filters: Filter[];
  /** Any filter set to other than its default (the empty state then says "no … match"). */
  filtered: boolean;
  sort: string;
  defaultSort: string;
  offset: number;
  limit: number;
  /** "server": the API sorts, filters and pages; "client": the list is loaded whole. */
  mode: "server" | "client";
  update: (changes: Record<string, string | number | null | undefined>) => void;
  setSort: (sort: string) => void;
  setOffset: (offset: number) => void;
}

const filterName = (f: Filter) => (f.kind === "search" ? (f.name ?? "q") : f.name);

/**
 * The state of a list page, all of it in the URL (filters, `q`, `sort`, `offset`) so a list
 * survives reloads, the back button and a shared link. In "server" mode the API gets the
 * filters, `sort`, `limit` and `offset`; in "client" mode the whole list is fetched once and
 * ListView filters (`q`), sorts and pages it.
 */
export function useList<T>(options: {
  path: string | null;
  map: (raw: unknown) => ListPage<T>;
  filters?: Filter[];
  defaultSort?: string;
  limit?: number;
  /** Fixed query parameters sent with every request (not in the URL). */
  query?: Record<string, string | number | boolean | null | undefined>;
  mode?: "server" | "client";
}): ListState<T> {
  const { path, map, filters = [], defaultSort = "", limit = 25, query = {}, mode = "server" } = options;
  const [params, update] = useUrlFilters();
  const values: Record<string, string> = {};
  const sent: Record<string, string | undefined> = {};
  let filtered = false;
  for (const f of filters) {
    const name = filterName(f);
    const fallback = f.kind === "select" ? (f.defaultValue ?? "") : "";
    values[name] = params.get(name) ?? fallback;
    sent[name] = f.kind === "select" && f.anyValue === values[name] ? undefined : values[name];
    if (values[name] && values[name] !== fallback) filtered = true;
  }
  const sort = params.get("sort") ?? defaultSort;
  const offset = Math.max(0, Number(params.get("offset") ?? 0) || 0);
  const serverQuery =
    mode === "server" ? { ...query, ...sent, sort: sort || undefined, limit, offset } : { ...query };
  const state = useApi(path === null ? null : withQuery(path, serverQuery), map);
  const setSort = useCallback(
    (next: string) => update({ sort: next === defaultSort ? null : next, offset: null }),
    [update, defaultSort],
  );
  const setOffset = useCallback((o: number) => update({ offset: o }), [update]);
  return {
    state,
    params,
    values,
    filters,
    filtered,
    sort,
    defaultSort,
    offset,
    limit,
    mode,
    update,
    setSort,
    setOffset,
  };
}

/** A whole small list (an array) as the one page a "client" mode list sorts, searches and pages. */
export function wholeList<T>(items: T[]): ListPage<T> {
  return { items, total: items.length, limit: items.length, offset: 0 };
}
