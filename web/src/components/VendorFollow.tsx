import { Alert, Anchor, Group, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { type Area, api, formatDate, formatMoney, type Money } from "../api.ts";
import { useInterval } from "../hooks.ts";

/** How often a page asks again while the vendor has not answered (a background job, seconds). */
export const FOLLOW_INTERVAL_MS = 2000;

/** What a subscription page needs to know to follow the vendor. */
export interface VendorWait {
  syncStatus: string;
  pendingOperation: { kind: string; requestedAt: string; effectiveDate: string; mode: string } | null;
}

/** The vendor has something to answer: a provisioning job is on its way (sync Pending) or a full cancellation waits (R-CAN-05). */
export const isWaitingForVendor = (s: VendorWait | undefined): boolean =>
  !!s && (s.syncStatus === "pending" || s.pendingOperation !== null);

/**
 * Follows a subscription's pending vendor operation by itself (issue 13.10): `reload` every couple
 * of seconds while the vendor has not answered, nothing once it has. When a full cancellation the
 * page saw waiting ends, `ended` holds it (the page then shows what the vendor decided).
 */
export function useFollowVendor(
  subscription: VendorWait | undefined,
  reload: () => void,
  onEnded: () => void,
) {
  const waiting = isWaitingForVendor(subscription);
  useInterval(reload, waiting ? FOLLOW_INTERVAL_MS : null);
  const [ended, setEnded] = useState<VendorWait["pendingOperation"]>(null);
  const seen = useRef<{ waiting: boolean; op: VendorWait["pendingOperation"] }>({ waiting: false, op: null });
  const onEndedRef = useRef(onEnded);
  onEndedRef.current = onEnded;
  const op = subscription?.pendingOperation ?? null;
  useEffect(() => {
    const before = seen.current;
    if (op) setEnded(null);
    if (before.waiting && !waiting) {
      if (before.op && !op) setEnded(before.op);
      onEndedRef.current();
    }
    seen.current = { waiting, op: op ?? (waiting ? before.op : null) };
  }, [waiting, op]);
  return { waiting, ended };
}

interface DocumentRow {
  id: string;
  kind: string;
  number: string;
  issueDate: string;
  gross: Money;
}

/**
 * The vendor answered a full cancellation the page was following: confirmed → Canceled and the
 * credit note(s) it issued for this subscription (R-CAN-03), with a link; refused → why (R-CAN-05).
 */
export function VendorAnswer({
  area,
  subscriptionId,
  status,
  syncError,
  requested,
  documentHref,
}: {
  area: Area;
  subscriptionId: string;
  status: string;
  syncError: string | null;
  requested: NonNullable<VendorWait["pendingOperation"]>;
  /** Where a document opens (the back office's document page, the Storefront's printable view). */
  documentHref: (id: string) => { to: string; external: boolean };
}) {
  const [notes, setNotes] = useState<DocumentRow[] | null>(null);
  const confirmed = status === "canceled";
  useEffect(() => {
    if (!confirmed) return;
    const controller = new AbortController();
    // The credit note is issued the day the vendor confirms, never before the request.
    const since = dayBefore(requested.requestedAt.slice(0, 10));
    (async () => {
      const page = await api.get<{ items: DocumentRow[] }>(
        `/api/${area}/documents`,
        { kind: "credit_note", status: "issued", from: since, limit: 20, sort: "-issueDate" },
        controller.signal,
      );
      const mine: DocumentRow[] = [];
      for (const d of page.items) {
        const details = await api.get<{ lines: { subscriptionId: string }[] }>(
          `/api/${area}/documents/${encodeURIComponent(d.id)}`,
          undefined,
          controller.signal,
        );
        if (details.lines.some((l) => l.subscriptionId === subscriptionId)) mine.push(d);
      }
      if (!controller.signal.aborted) setNotes(mine);
    })().catch(() => {
      if (!controller.signal.aborted) setNotes([]);
    });
    return () => controller.abort();
  }, [area, confirmed, requested.requestedAt, subscriptionId]);

  if (!confirmed)
    return (
      <Alert
        color="red"
        variant="light"
        icon={<IconAlertTriangle size={18} />}
        title="The vendor refused the cancellation"
        data-testid="vendor-answer"
      >
        {syncError ?? "The subscription is unchanged."}
      </Alert>
    );
  return (
    <Alert
      color="green"
      variant="light"
      icon={<IconCircleCheck size={18} />}
      title="The vendor confirmed the cancellation"
      data-testid="vendor-answer"
    >
      <Stack gap={4}>
        <Text size="sm">{`Canceled, effective ${formatDate(requested.effectiveDate)}.`}</Text>
        {notes === null ? (
          <Text size="sm" c="dimmed">
            Looking for the credit note…
          </Text>
        ) : notes.length === 0 ? (
          <Text size="sm" c="dimmed">
            No credit note was issued.
          </Text>
        ) : (
          notes.map((d) => {
            const href = documentHref(d.id);
            const label = `Credit note ${d.number} · ${formatMoney(d.gross)}`;
            return (
              <Group gap="xs" key={d.id} data-testid="issued-credit-note">
                {href.external ? (
                  <Anchor href={href.to} target="_blank" rel="noopener" size="sm">
                    {label}
                  </Anchor>
                ) : (
                  <Anchor component={Link} to={href.to} size="sm">
                    {label}
                  </Anchor>
                )}
                <Text size="sm" c="dimmed">
                  issued {formatDate(d.issueDate)}
                </Text>
              </Group>
            );
          })
        )}
      </Stack>
    </Alert>
  );
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
