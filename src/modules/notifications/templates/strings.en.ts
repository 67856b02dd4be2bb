/**
 * Every string of the notices (issue 15), in English: the one catalogue a translation copies.
 * A second language is a file `strings.<lang>.json` next to this one with the same keys (missing
 * keys fall back to English); `{name}` placeholders are filled from the email's data. No code
 * changes: `strings.ts` loads every such file at start-up.
 */
export const EN = {
  "common.greeting": "Hello {name},",
  "common.signature": "Kind regards,\nyour cloud services team",
  "common.open": "Open it here:",
  "common.openLink": "Open the page",
  "field.subscription": "Subscription",
  "field.addon": "Add-on",
  "field.customer": "Customer",
  "field.quantity": "Licences",
  "field.allLicences": "all ({quantity})",
  "field.mode": "When",
  "field.instructions": "Instructions",
  "field.submittedBy": "Submitted by",
  "field.submittedAt": "Submitted on",
  "field.reason": "Reason",
  "field.effectiveDate": "Effective",
  "field.order": "Order",
  "field.total": "Total",
  "mode.immediate": "Immediately",
  "mode.end_of_billing_period": "At the end of the billing period",

  "crqSubmitted.subject": "Cancellation request for {subscription} waits for approval",
  "crqSubmitted.intro":
    "{customer} asked to cancel {what} of the subscription {subscription}. The request waits for your approval.",
  "crqCompleted.subject": "Your cancellation of {subscription} was approved",
  "crqCompleted.intro": "your request to cancel {what} of {subscription} was approved and carried out.",
  "crqRejected.subject": "Your cancellation request for {subscription} was rejected",
  "crqRejected.intro":
    "your request to cancel {what} of {subscription} was rejected. The subscription continues unchanged.",
  "crq.whatLicences": "{quantity} licences",
  "crq.whatAll": "all licences",
  "crq.whatAddon": "the add-on {addon}",

  "provisioningFailed.subject": "Provisioning of {subscription} failed",
  "provisioningFailed.intro": "the vendor refused a change to the subscription {subscription} of {customer}.",
  "provisioningFailed.vendorReason": "The vendor's reason: {reason}",

  "orderWaiting.subject": "Order {orderNumber} waits for your approval",
  "orderWaiting.intro": "{customer} placed the order {orderNumber}. It waits for your approval.",
  "orderApproved.subject": "Your order {orderNumber} was approved",
  "orderApproved.intro": "your order {orderNumber} was approved and is being carried out.",
  "orderRejected.subject": "Your order {orderNumber} was rejected",
  "orderRejected.intro": "your order {orderNumber} was rejected.",
} as const;

export type StringKey = keyof typeof EN;
export type Catalogue = { readonly [K in StringKey]: string };
