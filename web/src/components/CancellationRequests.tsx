import { Alert, Button, Checkbox, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useState } from "react";
import { api, errorMessage, formatDate, formatDateTime, formatMoney, type Money } from "../api.ts";
import { KeyValueTable } from "./Values.tsx";

/** A cancellation request as the API answers it (R-CRQ-02/03). */
export interface CancellationRequest {
  id: string;
  subscriptionId: string;
  subscriptionName: string;
  accountId: string;
  accountName: string;
  addonId: string | null;
  addonName: string | null;
  quantity: number | null;
  currentQuantity: number;
  mode: string;
  instructions: string | null;
  status: "pending" | "approved" | "rejected" | "withdrawn";
  reason: string;
  estimatedCredit: Money | null;
  submittedAt: string;
  submittedOn: string;
  submittedBy: { userId: string | null; email: string | null };
  decidedAt: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
  result: Record<string, unknown> | null;
}

export interface PendingRequest {
  id: string;
  addonId: string | null;
  quantity: number | null;
  mode: string;
  submittedAt: string;
  submittedOn: string;
}

export const MODE_LABEL: Record<string, string> = {
  immediate: "Immediately",
  end_of_billing_period: "At the end of the billing period",
};

export function requestWhat(
  r: Pick<CancellationRequest, "addonName" | "quantity" | "currentQuantity">,
): string {
  if (r.addonName) return `Add-on ${r.addonName}`;
  return r.quantity === null
    ? `All licences (${r.currentQuantity})`
    : `${r.quantity} of ${r.currentQuantity} licences`;
}

/** The ribbon (R-CRQ-02): "Cancellation requested on …" on a subscription with a pending request. */
export function CancellationRibbon({
  requests,
  addonName,
  onWithdraw,
}: {
  requests: PendingRequest[] | undefined;
  addonName?: (addonId: string) => string | undefined;
  onWithdraw?: (id: string) => void;
}) {
  if (!requests || requests.length === 0) return null;
  return (
    <Stack gap="xs">
      {requests.map((r) => (
        <Alert key={r.id} color="orange" title={`Cancellation requested on ${formatDate(r.submittedOn)}`}>
          <Group justify="space-between">
            <Text size="sm">
              {r.addonId
                ? `Add-on ${addonName?.(r.addonId) ?? r.addonId}`
                : r.quantity === null
                  ? "All licences"
                  : `${r.quantity} licences`}
              {" · "}
              {MODE_LABEL[r.mode] ?? r.mode} · waiting for approval
            </Text>
            {onWithdraw && (
              <Button size="xs" variant="default" onClick={() => onWithdraw(r.id)}>
                Withdraw request
              </Button>
            )}
          </Group>
        </Alert>
      ))}
    </Stack>
  );
}

/** *View Request* with Approve / Reject (R-CRQ-03) for whoever may decide. */
export function RequestModal({
  request,
  area,
  canDecide,
  onClose,
  onDecided,
}: {
  request: CancellationRequest | null;
  area: "bss" | "storefront";
  canDecide: boolean;
  onClose: () => void;
  onDecided: () => void;
}) {
  const [email, setEmail] = useState(true);
  const [reason, setReason] = useState("");
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!request) return null;
  const decide = async (what: "approve" | "reject") => {
    setBusy(true);
    setError(null);
    try {
      await api.post(
        `/api/${area}/cancellation-requests/${request.id}/${what}`,
        what === "approve" ? { sendConfirmationEmail: email } : { reason, sendConfirmationEmail: email },
      );
      onDecided();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title="Cancellation request" size="lg">
      <Stack>
        <KeyValueTable
          data={Object.fromEntries([
            ["Subscription", request.subscriptionName],
            ["Customer", request.accountName],
            ["What", requestWhat(request)],
            ["When", MODE_LABEL[request.mode] ?? request.mode],
            ["Instructions", request.instructions ?? "—"],
            ["Submitted by", request.submittedBy.email ?? "—"],
            ["Submitted at", formatDateTime(request.submittedAt)],
            [
              "Waits because",
              request.reason === "above_threshold"
                ? "The credit is above the threshold"
                : "Not executed automatically",
            ],
            ["Estimated credit", request.estimatedCredit ? formatMoney(request.estimatedCredit) : "—"],
            ["Status", request.status],
            ...(request.decidedAt
              ? ([
                  ["Decided", `${formatDateTime(request.decidedAt)} by ${request.decidedBy ?? "—"}`],
                  ...(request.decisionReason ? [["Reason", request.decisionReason]] : []),
                ] as Array<[string, string]>)
              : []),
          ])}
          labels={{}}
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {canDecide && request.status === "pending" && (
          <>
            <Checkbox
              label="Send confirmation email"
              checked={email}
              onChange={(e) => setEmail(e.currentTarget.checked)}
            />
            {rejecting && (
              <Textarea
                label="Reason"
                required
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
              />
            )}
            <Group justify="flex-end">
              {rejecting ? (
                <Button color="red" loading={busy} disabled={!reason.trim()} onClick={() => decide("reject")}>
                  Reject request
                </Button>
              ) : (
                <>
                  <Button variant="default" onClick={() => setRejecting(true)}>
                    Reject…
                  </Button>
                  <Button loading={busy} onClick={() => decide("approve")}>
                    Approve and cancel
                  </Button>
                </>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
