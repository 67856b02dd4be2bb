import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { Navigate, useLocation } from "react-router";
import { ApiError, api, localeOf, setDisplayLocale } from "../api.ts";
import { ErrorState, Loading } from "../components/States.tsx";
import { useStore } from "./StoreLayout.tsx";

/** The signed-in Storefront user and the account it acts for (a reseller or an end customer). */
export interface StoreMe {
  email: string;
  role: string;
  /** `language`: the account's (issue 16), the locale its dates and money show in. */
  account: { id: string; name: string; kind: string; email: string | null; language?: string };
  isReseller: boolean;
}

const MeContext = createContext<StoreMe | null>(null);

export function useMe(): StoreMe {
  const me = useContext(MeContext);
  if (!me) throw new Error("useMe outside <RequireStoreUser>");
  return me;
}

interface MeAnswer {
  actor: { email: string | null; accountId: string | null; role: string };
}

/**
 * Pages that need a signed-in Storefront user: confirms the session with /auth/me (the header's
 * remembered user may be stale) and sends a signed-out visitor to sign in, then back here.
 */
export function RequireStoreUser({ children }: { children: ReactNode }) {
  const { alias, user, setUser } = useStore();
  const location = useLocation();
  const [me, setMe] = useState<StoreMe | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick forces a retry
  useEffect(() => {
    if (!user) return;
    let live = true;
    setError(null);
    (async () => {
      const answer = await api.get<MeAnswer>("/api/storefront/auth/me");
      const accountId = answer.actor.accountId ?? "";
      const account = await api.get<StoreMe["account"]>(
        `/api/storefront/accounts/${encodeURIComponent(accountId)}`,
      );
      if (!live) return;
      // Dates and money in the account's language, as its emails and PDFs (issue 16).
      setDisplayLocale(localeOf(account.language));
      setMe({
        email: answer.actor.email ?? "",
        role: answer.actor.role,
        account,
        isReseller: account.kind === "reseller",
      });
    })().catch((e: unknown) => {
      if (!live) return;
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) setUser(null);
      else setError(e instanceof ApiError ? e : new ApiError(0, "client_error", String(e)));
    });
    return () => {
      live = false;
    };
  }, [user, tick, setUser]);

  if (!user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/store/${alias}/login?next=${next}`} replace />;
  }
  if (error) return <ErrorState error={error} onRetry={() => setTick((t) => t + 1)} />;
  if (!me) return <Loading label="Loading your account…" />;
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}
