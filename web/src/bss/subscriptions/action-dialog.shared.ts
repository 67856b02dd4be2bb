import type { CommandOutcome, SubscriptionDetails } from "./subscriptions.api.ts";

/** What every subscription action dialog receives (SubscriptionActions.tsx opens one at a time). */
export interface DialogProps {
  subscription: SubscriptionDetails;
  /** The version the page displays: sent as If-Match with the preview and the commit (issue 12). */
  version: number;
  opened: boolean;
  onClose: () => void;
  onDone: (outcome: CommandOutcome) => void;
  /** The subscription changed meanwhile (412): the page reloads it. */
  onStale: () => void;
}

export const base = (s: SubscriptionDetails) => `/api/bss/subscriptions/${encodeURIComponent(s.id)}`;

export function positiveInt(value: string | number, label: string): [number | null, string | null] {
  const n = typeof value === "number" ? value : Number(value);
  if (value === "" || !Number.isInteger(n) || n < 1)
    return [null, `${label} must be a whole number of at least 1`];
  return [n, null];
}
