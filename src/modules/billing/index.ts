/** The billing module's public API: the only file other modules import. */

export { assertBillable } from "./billing.core.ts";
export { billingEffectOf } from "./billing.effects.ts";
export {
  BillingEffectJson,
  BillingOptionsJson,
  BillingRunJson,
  ChargeJson,
  chargeJson,
  DocumentDetailsJson,
  DocumentJson,
  documentDetailsJson,
  documentJson,
  effectJson,
  InstallmentPlanJson,
  installmentPlanJson,
  optionsJson,
  runJson,
} from "./billing.json.ts";
export * from "./billing.rules.ts";
export type * from "./billing.types.ts";
export { BillingOptionsInput, emptyEffect, mergeEffects } from "./billing.types.ts";
export { getBillingOptions, updateBillingOptions } from "./billing-options.ts";
export {
  type DocumentDetails,
  getDocument,
  listDocuments,
  listSubscriptionCharges,
  loadDocumentDetails,
} from "./billing-reads.ts";
export {
  BILLING_RUN_SORTS,
  createRun,
  getBillingRun,
  listBillingRuns,
  type RunPatch,
  recordRun,
} from "./billing-runs.ts";
export {
  creditBilling,
  endBilling,
  increaseQuantity,
  reopenBilling,
  repriceBilling,
  setBillingQuantity,
  switchBillingProduct,
} from "./change-billing.ts";
export { CreateCreditNoteInput, createCreditNote } from "./create-credit-note.ts";
export { deleteCreditNote } from "./delete-credit-note.ts";
export {
  billingJobHandlers,
  DELIVER_DOCUMENTS_JOB,
  type DeliveryOutcome,
  deliverDocuments,
  queueDocumentDelivery,
} from "./deliver-documents.ts";
export { type DocumentsMonth, documentsPerMonth } from "./documents-per-month.ts";
export { getInstallmentPlan, type InstallmentPlan } from "./installment-plan.ts";
export { type InvoiceDueOptions, type InvoiceDueResult, invoiceDue, joinInvoicing } from "./invoice-due.ts";
export { issueCreditNote } from "./issue-credit-note.ts";
export { addBillingItem, type BillableAddon, type OpenBillingInput, openBilling } from "./open-billing.ts";
export { removeCreditNoteLine } from "./remove-credit-note-line.ts";
export { renderDocumentHtml } from "./render-document.ts";
export { renderDocumentPdf } from "./render-document-pdf.ts";
export { type RenewalPrice, repriceAtRenewal } from "./reprice-at-renewal.ts";
