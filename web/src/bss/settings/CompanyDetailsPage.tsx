import { Paper, Text } from "@mantine/core";
import { api } from "../../api.ts";
import { LegalDetailsForm } from "../../components/LegalDetailsForm.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { useApi } from "../../hooks.ts";
import { useBssSession } from "../session.tsx";

interface Tenant {
  id: string;
  name: string;
  address: Record<string, string>;
  vatId: string | null;
}

/** R-DOC-02: the tenant's legal data, printed as the seller on its invoices and credit notes. */
export function CompanyDetailsPage() {
  const state = useApi<Tenant>("/api/bss/tenant");
  const isAdmin = useBssSession().actor.role === "admin";
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading />;
  return (
    <>
      <PageHeader
        title="Company details"
        description={`The seller on ${state.data.name}'s invoices and credit notes: address and VAT ID.`}
      />
      <Paper p="md" maw={560}>
        {!isAdmin && (
          <Text size="sm" c="dimmed" mb="sm">
            Only an admin can change the company details.
          </Text>
        )}
        <LegalDetailsForm
          label="Company details"
          value={state.data}
          canWrite={isAdmin}
          save={async (body) => {
            await api.put("/api/bss/tenant/company-details", body);
            state.reload();
          }}
        />
      </Paper>
    </>
  );
}
