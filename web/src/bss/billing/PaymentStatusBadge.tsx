import { Badge } from "@mantine/core";
import { formatMoney } from "../../api.ts";
import { type BillingDocument, paymentStatusOf } from "./billing.api.ts";

/** R-PAY-01: an invoice's payment status (credit notes have none), with what is outstanding. */
export function PaymentStatusBadge({
  document,
}: {
  document: Pick<BillingDocument, "paymentStatus" | "outstanding">;
}) {
  const status = paymentStatusOf(document.paymentStatus);
  if (!status) return <>—</>;
  const title =
    document.outstanding && document.paymentStatus !== "paid"
      ? `Outstanding ${formatMoney(document.outstanding)}`
      : undefined;
  return (
    <Badge variant="light" color={status.color} title={title}>
      {status.label}
    </Badge>
  );
}
