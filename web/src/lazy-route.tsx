import type { ComponentType, ReactNode } from "react";

type Wrapper = ComponentType<{ children: ReactNode }>;
const RELOADED = "openbss.chunk-reload";

/**
 * A route's `lazy`: the page's module is a chunk of its own, fetched on the first visit, so a
 * page's first load carries only its own code (docs/performance.md "First load of the web app").
 * `wrap` loads a guard or layout to render around the page (RequireBss, RequireStoreUser).
 *
 * After a new release the old hashed chunks are gone: an open tab whose chunk fails to load
 * reloads once to pick up the new index.html (served with no-cache) instead of showing an error.
 */
export function page<M, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
  wrap?: () => Promise<Wrapper>,
): () => Promise<{ Component: ComponentType }> {
  return async () => {
    try {
      const [mod, Outer] = await Promise.all([load(), wrap?.()]);
      sessionStorage.removeItem(RELOADED);
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
      if (sessionStorage.getItem(RELOADED) !== location.pathname) {
        sessionStorage.setItem(RELOADED, location.pathname);
        location.reload();
        return new Promise<never>(() => {}); // the page is going away
      }
      throw error;
    }
  };
}
