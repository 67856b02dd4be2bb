import type { ComponentType, ReactNode } from "react";

type Wrapper = ComponentType<{ children: ReactNode }>;
const RELOADED = "openbss.chunk-reload";
const RELOAD_AGAIN_AFTER_MS = 60_000;

/**
 * Whether this path may reload to pick up a new release: once a minute at most. Not cleared when
 * another route (a layout) loads, so a chunk that fails for any other reason (a bug that throws
 * as the module loads) shows its error instead of reloading the tab for ever.
 */
function mayReload(path: string): boolean {
  try {
    const last = JSON.parse(sessionStorage.getItem(RELOADED) ?? "{}") as Record<string, number>;
    const now = Date.now();
    if (now - (last[path] ?? 0) < RELOAD_AGAIN_AFTER_MS) return false;
    sessionStorage.setItem(RELOADED, JSON.stringify({ ...last, [path]: now }));
    return true;
  } catch {
    return false;
  }
}

/**
 * A route's `lazy`: the page's module is a chunk of its own, fetched on the first visit, so a
 * page's first load carries only its own code (docs/performance.md "First load of the web app").
 * `wrap` loads a guard or layout to render around the page (RequireBss, RequireStoreUser).
 *
 * After a new release the old hashed chunks are gone: an open tab whose chunk fails to load
 * reloads once to pick up the new index.html (served with no-cache) instead of showing an error
 * (once a minute per path: a chunk that keeps failing shows the error).
 */
export function page<M, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
  wrap?: () => Promise<Wrapper>,
): () => Promise<{ Component: ComponentType }> {
  return async () => {
    try {
      const [mod, Outer] = await Promise.all([load(), wrap?.()]);
      const Page = mod[name] as ComponentType;
      if (!Outer) return { Component: Page };
      return {
        Component: () => (
          <Outer>
            <Page />
          </Outer>
        ),
      };
    } catch (error) {
      if (mayReload(location.pathname)) {
        location.reload();
        return new Promise<never>(() => {}); // the page is going away
      }
      throw error;
    }
  };
}
