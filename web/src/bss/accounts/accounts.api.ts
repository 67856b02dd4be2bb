import { toPage } from "../../api.ts";

/** The accounts API as the pages use it: adjust field names here only. */
export interface Account {
  id: string;
  name: string;
  kind: string;
  edition: string | null;
  storefrontAlias: string | null;
  parentAccountId: string | null;
  email: string | null;
  orderApproval: boolean;
  /** R-PAY-02: an end customer whose reseller (Standard + Credit Card) locks Order Approval on. */
  orderApprovalLocked: boolean;
  /** Resellers: credit_card | cash | deposit (R-PAY-02). */
  paymentMethod: string | null;
  status: string;
  currency: string | null;
  accountingNumber: string | null;
  vendorResellerId: string | null;
  /** R-DOC-02: printed on the account's documents. */
  vatId: string | null;
  address: Record<string, string>;
}

export interface Contact {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  isPrimary: boolean;
}

export const ACCOUNT_KINDS = [
  { value: "reseller", label: "Reseller" },
  { value: "end_customer", label: "End customer" },
  { value: "direct_customer", label: "Direct customer" },
];

/** R-PAY-02: how a reseller pays its distributor. */
export const PAYMENT_METHODS = [
  { value: "credit_card", label: "Credit Card" },
  { value: "cash", label: "Cash" },
  { value: "deposit", label: "Deposit" },
];

export function paymentMethodLabel(method: string | null): string | null {
  return method ? (PAYMENT_METHODS.find((m) => m.value === method)?.label ?? method) : null;
}

export const APPROVAL_LOCK_REASON =
  "Locked on: the reseller is a Standard Edition reseller paying by Credit Card, so every order of its customers waits for approval (R-PAY-02).";

export function kindLabel(kind: string): string {
  return ACCOUNT_KINDS.find((k) => k.value === kind)?.label ?? kind;
}

type Raw = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

export function toAccount(raw: unknown): Account {
  const r = ((raw as Raw).account ?? raw) as Raw;
  return {
    id: String(r.id),
    name: String(r.name ?? ""),
    kind: String(r.kind ?? ""),
    edition: str(r.edition),
    storefrontAlias: str(r.storefrontAlias),
    parentAccountId: str(r.parentAccountId),
    email: str(r.email),
    orderApproval: Boolean(r.orderApproval),
    orderApprovalLocked: Boolean(r.orderApprovalLocked),
    paymentMethod: str(r.paymentMethod),
    status: String(r.status ?? "active"),
    currency: str(r.currency),
    accountingNumber: str(r.accountingNumber),
    vendorResellerId: str(r.vendorResellerId),
    vatId: str(r.vatId),
    address: (r.address && typeof r.address === "object" ? r.address : {}) as Record<string, string>,
  };
}

export const toAccountPage = (raw: unknown) => toPage(raw, toAccount);

function toContact(raw: unknown): Contact {
  const r = raw as Raw;
  return {
    id: String(r.id),
    name: String(r.name ?? ""),
    email: String(r.email ?? ""),
    phone: str(r.phone),
    isPrimary: Boolean(r.isPrimary),
  };
}

export const toContactPage = (raw: unknown) => toPage(raw, toContact);
