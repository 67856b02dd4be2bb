import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";
import { type ApiError, api, UNAUTHENTICATED_EVENT } from "../api.ts";
import { ErrorState, Loading } from "../components/States.tsx";

export interface Actor {
  kind: "bss" | "storefront";
  tenantId: string;
  userId: string | null;
  accountId: string | null;
  role: string;
  email: string | null;
}

export interface Tenant {
  id: string;
  name: string;
  slug: string;
  kind: string;
  currency: string;
}

export interface BssSession {
  actor: Actor;
  /** Undefined while GET /api/bss/tenant is unavailable; the header then shows the user's email. */
  tenant: Tenant | undefined;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<BssSession | null>(null);

export function useBssSession(): BssSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useBssSession outside <RequireBss>");
  return session;
}

function toTenant(raw: unknown): Tenant | undefined {
  const t = (raw as { tenant?: unknown })?.tenant ?? raw;
  const r = t as Partial<Tenant> | null;
  if (!r || typeof r.name !== "string") return undefined;
  return {
    id: String(r.id ?? ""),
    name: r.name,
    slug: String(r.slug ?? ""),
    kind: String(r.kind ?? ""),
    currency: String(r.currency ?? ""),
  };
}

type State =
  | { status: "loading" }
  | { status: "signed-out" }
  | { status: "error"; error: ApiError }
  | { status: "ready"; actor: Actor; tenant: Tenant | undefined };

/** Guards /bss/*: loads the BSS session (and the tenant) or sends the user to sign in. */
export function RequireBss({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  const location = useLocation();
  const navigate = useNavigate();

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt forces a retry
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    (async () => {
      try {
        const { actor } = await api.get<{ actor: Actor }>("/api/bss/auth/me", undefined, signal);
        const tenant = await api
          .get<unknown>("/api/bss/tenant", undefined, signal)
          .then(toTenant)
          .catch((e: unknown) => {
            if (signal.aborted) throw e;
            return undefined;
          });
        if (!signal.aborted) setState({ status: "ready", actor, tenant });
      } catch (e) {
        if (signal.aborted) return;
        const error = e as ApiError;
        if (error.status === 401 || error.status === 403) setState({ status: "signed-out" });
        else setState({ status: "error", error });
      }
    })();
    return () => controller.abort();
  }, [attempt]);

  useEffect(() => {
    const onUnauthenticated = (event: Event) => {
      if ((event as CustomEvent<{ area: string }>).detail?.area === "bss") setState({ status: "signed-out" });
    };
    window.addEventListener(UNAUTHENTICATED_EVENT, onUnauthenticated);
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, onUnauthenticated);
  }, []);

  const signOut = useCallback(async () => {
    await api.post("/api/bss/auth/logout");
    navigate("/bss/login", { replace: true, state: { signedOut: true } });
  }, [navigate]);

  if (state.status === "loading") return <Loading label="Checking your session…" />;
  if (state.status === "signed-out") {
    const next = location.pathname + location.search;
    const to =
      next === "/bss" || next === "/bss/" ? "/bss/login" : `/bss/login?next=${encodeURIComponent(next)}`;
    return <Navigate to={to} replace />;
  }
  if (state.status === "error") {
    return (
      <div style={{ maxWidth: 560, margin: "64px auto", padding: 16 }}>
        <ErrorState
          error={state.error}
          title="The back office could not be loaded"
          onRetry={() => {
            setState({ status: "loading" });
            setAttempt((a) => a + 1);
          }}
        />
      </div>
    );
  }
  return (
    <SessionContext.Provider value={{ actor: state.actor, tenant: state.tenant, signOut }}>
      {children}
    </SessionContext.Provider>
  );
}

/** Viewers read; clerks and admins act (ARCHITECTURE.md "HTTP"). Hides what would answer 403. */
export function useCanWrite(): boolean {
  return useBssSession().actor.role !== "viewer";
}
