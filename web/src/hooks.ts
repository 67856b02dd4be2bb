import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, api } from "./api.ts";

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** True while a request is in flight (also on reload, when the previous data is kept). */
  loading: boolean;
  reload: () => void;
}

function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(0, "client_error", e instanceof Error ? e.message : String(e));
}

/**
 * GETs `path` (null = do nothing) and maps the raw JSON with `map`, the one place where a
 * page adapts to the API's field names. Keeps the previous data while a new page loads.
 */
export function useApi<T>(path: string | null, map?: (raw: unknown) => T): ApiState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const mapRef = useRef(map);
  mapRef.current = map;

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick forces a reload
  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    api
      .get<unknown>(path, undefined, controller.signal)
      .then((raw) => {
        if (controller.signal.aborted) return;
        const mapped = mapRef.current ? mapRef.current(raw) : (raw as T);
        setData(mapped);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setError(asApiError(e));
        setData(undefined);
        setLoading(false);
      });
    return () => controller.abort();
  }, [path, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/** Sets the browser tab's title for the page. */
export function useTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · openbss` : "openbss";
  }, [title]);
}

/** Calls `callback` every `ms` milliseconds while `ms` is not null (polling a background run). */
export function useInterval(callback: () => void, ms: number | null): void {
  const ref = useRef(callback);
  ref.current = callback;
  useEffect(() => {
    if (ms === null) return;
    const handle = window.setInterval(() => ref.current(), ms);
    return () => window.clearInterval(handle);
  }, [ms]);
}
