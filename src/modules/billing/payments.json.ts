import { z } from "zod";
import { toMoneyJson } from "../../shared/money.ts";
import type { Balance } from "./account-balance.ts";
import type { Statement } from "./account-statement.ts";
import { MoneyJson } from "./billing.json.ts";
import type { AllocationRow, PaymentRow } from "./payments.core.ts";

/** API views of payments, balances and statements (R-PAY-01). */

export const AllocationJson = z.object({
  id: z.string(),
  documentId: z.string(),
  amount: MoneyJson,
  createdAt: z.string(),
});

export const PaymentJson = z.object({
  id: z.string(),
  accountId: z.string(),
  method: z.enum(["bank_transfer", "cash", "card"]),
  paidOn: z.string(),
  amount: MoneyJson,
  allocated: MoneyJson,
  unallocated: MoneyJson,
  reference: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
});

export const PaymentDetailsJson = PaymentJson.extend({ allocations: z.array(AllocationJson) });

export const BalanceJson = z.object({
  accountId: z.string(),
  balances: z.array(
    z.object({
      currency: z.string(),
      invoiced: MoneyJson,
      credited: MoneyJson,
      paid: MoneyJson,
      unallocated: MoneyJson,
      balance: MoneyJson,
    }),
  ),
});

export const StatementJson = z.object({
  accountId: z.string(),
  accountName: z.string(),
  currency: z.string(),
  from: z.string(),
  to: z.string(),
  opening: MoneyJson,
  entries: z.array(
    z.object({
      date: z.string(),
      type: z.enum(["invoice", "credit_note", "payment"]),
      id: z.string(),
      reference: z.string(),
      dueDate: z.string().nullable(),
      method: z.string().nullable(),
      amount: MoneyJson,
      balance: MoneyJson,
    }),
  ),
  closing: MoneyJson,
});

export function paymentJson(p: PaymentRow): z.infer<typeof PaymentJson> {
  return {
    id: p.id,
    accountId: p.accountId,
    method: p.method as z.infer<typeof PaymentJson>["method"],
    paidOn: p.paidOn,
    amount: toMoneyJson(p.amount, p.currency),
    allocated: toMoneyJson(p.allocated, p.currency),
    unallocated: toMoneyJson(p.amount - p.allocated, p.currency),
    reference: p.reference,
    note: p.note,
    createdAt: p.createdAt.toISOString(),
  };
}

export function paymentDetailsJson(
  p: PaymentRow,
  allocations: AllocationRow[],
): z.infer<typeof PaymentDetailsJson> {
  return {
    ...paymentJson(p),
    allocations: allocations.map((a) => ({
      id: a.id,
      documentId: a.documentId,
      amount: toMoneyJson(a.amount, p.currency),
      createdAt: a.createdAt.toISOString(),
    })),
  };
}

export function balanceJson(b: { accountId: string; balances: Balance[] }): z.infer<typeof BalanceJson> {
  return {
    accountId: b.accountId,
    balances: b.balances.map((x) => ({
      currency: x.currency,
      invoiced: toMoneyJson(x.invoiced, x.currency),
      credited: toMoneyJson(x.credited, x.currency),
      paid: toMoneyJson(x.paid, x.currency),
      unallocated: toMoneyJson(x.unallocated, x.currency),
      balance: toMoneyJson(x.balance, x.currency),
    })),
  };
}

export function statementJson(s: Statement): z.infer<typeof StatementJson> {
  const m = (v: bigint) => toMoneyJson(v, s.currency);
  return {
    accountId: s.accountId,
    accountName: s.accountName,
    currency: s.currency,
    from: s.from,
    to: s.to,
    opening: m(s.opening),
    entries: s.entries.map((e) => ({ ...e, amount: m(e.amount), balance: m(e.balance) })),
    closing: m(s.closing),
  };
}
