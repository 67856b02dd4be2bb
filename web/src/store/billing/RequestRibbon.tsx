import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { api, errorMessage, formatDate } from "../../api.ts";
import {
  type CancellationRequest,
  MODE_LABEL,
  type PendingRequest,
  RequestModal,
} from "../../components/CancellationRequests.tsx";
import { useMe } from "../StoreSession.tsx";

/**
 * R-CRQ-02 in the Storefront: "Cancellation requested on …" for each pending request of the
 * subscription; the customer withdraws it; its reseller views it and approves or rejects (R-CRQ-03).
 */
export function RequestRibbon({
  requests,
  addonName,
  onChanged,
}: {
  requests: PendingRequest[] | undefined;
  addonName: (addonId: string) => string | undefined;
  onChanged: () => void;
}) {
  const me = useMe();
  const [error, setError] = useState<string | null>(null);
  const [viewing, setViewing] = useState<CancellationRequest | null>(null);
  if (!requests || requests.length === 0) return null;
  const withdraw = async (id: string) => {
    setError(null);
    try {
      await api.post(`/api/storefront/cancellation-requests/${id}/withdraw`);
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const view = async (id: string) => {
    setError(null);
    try {
      setViewing(await api.get<CancellationRequest>(`/api/storefront/cancellation-requests/${id}`));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Stack gap="xs" mt="md">
      {requests.map((r) => (
        <Alert
          key={r.id}
          color="orange"
          variant="light"
          title={`Cancellation requested on ${formatDate(r.submittedOn)}`}
          data-testid="cancellation-requested"
        >
          <Group justify="space-between" wrap="wrap">
            <Text size="sm">
              {r.addonId
                ? `Add-on ${addonName(r.addonId) ?? ""}`
                : r.quantity === null
                  ? "All licences"
                  : `${r.quantity} licences`}
              {` · ${MODE_LABEL[r.mode] ?? r.mode} · waiting for approval`}
            </Text>
            <Group gap="xs">
              {me.isReseller && (
                <Button size="xs" variant="light" onClick={() => view(r.id)}>
                  View request
                </Button>
              )}
              <Button size="xs" variant="default" onClick={() => withdraw(r.id)}>
                Withdraw request
              </Button>
            </Group>
          </Group>
        </Alert>
      ))}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <RequestModal
        request={viewing}
        area="storefront"
        canDecide={me.isReseller && viewing?.accountId !== me.account.id}
        onClose={() => setViewing(null)}
        onDecided={() => {
          setViewing(null);
          onChanged();
        }}
      />
    </Stack>
  );
}
