import type { ChangeRule, ProductTypePolicies } from "../services-definition.ts";

/**
 * The policies of the two Dropbox product types, as data (DESIGN.md "Rules are data").
 * changeRules are evaluated in order, first match wins; an action no rule matches is allowed
 * immediately. Messages are shown to resellers as they are.
 */

const WINDOW_DAYS = 14; // R-CAN-01, D6: day 14 after the order or renewal is still inside

/** R-ORD-05 — the text is the vendor's, word for word. */
export const AC1M_BILLING_MESSAGE =
  "This product supports only the AC1M billing option. For AC1Y, please choose the corresponding “Annual Commitment, Billed Annually” product.";

const billingPlans: ProductTypePolicies["billingPlans"] = {
  MCMB: {
    allowed: ["monthly"],
    code: "R-CAT-04",
    message: "This product has a monthly commitment and is billed monthly; choose the Monthly billing plan.",
  },
  AC1M: { allowed: ["monthly"], code: "R-ORD-05", message: AC1M_BILLING_MESSAGE },
  AC1Y: {
    allowed: ["one_off"],
    code: "R-ORD-05",
    message:
      "This product is billed annually in one charge; choose the one-time billing plan. For monthly installments, choose the corresponding “Annual Commitment, Billed Monthly” product.",
  },
};

const resellerIdDetail: ProductTypePolicies["serviceDetails"][number] = {
  key: "resellerId",
  label: "Reseller ID",
  kind: "text",
  required: true,
  firstOrderOnly: true, // R-ORD-06
  code: "R-ORD-06",
};

/** Sign: both details on a customer's first order only (R-ORD-06); Sign plans have no team key. */
const serviceDetails: ProductTypePolicies["serviceDetails"] = [
  resellerIdDetail,
  {
    key: "adminEmail",
    label: "Email",
    kind: "email",
    required: true,
    firstOrderOnly: true,
    code: "R-ORD-06",
  },
];

/**
 * Dropbox: the team admin email is the team's key (R-ORD-02, R-CAT-06: one base plan per team),
 * so every Dropbox plan needs it — not only a customer's first order. Without it a later order
 * would create a second live plan for the team with no exclusive key.
 */
const dropboxServiceDetails: ProductTypePolicies["serviceDetails"] = [
  resellerIdDetail,
  {
    key: "adminEmail",
    label: "Email",
    kind: "email",
    required: true,
    firstOrderOnly: false,
    code: "R-ORD-02",
    message:
      "Email (team admin) is required for every Dropbox plan: it identifies the team (one plan per team).",
  },
];

const trial: NonNullable<ProductTypePolicies["trial"]> = {
  days: 30,
  quantity: "minimum_only",
  addonsAllowed: false,
  extraLicencesAllowed: false,
  convertsAutomatically: false,
  upgradeToTrialAllowed: false,
  code: "R-TRL-01",
};

const cancellation: ProductTypePolicies["cancellation"] = {
  modes: ["immediate", "specific_date", "end_of_billing_period"], // R-CAN-02
  fullCancelNeedsVendorConfirmation: true, // R-CAN-05
  creditNoteForUpfrontCharges: true, // R-CAN-03
};

const MSG = {
  storefrontDowngrade:
    "Downgrades are not available in the Storefront. Cancel the subscription at the end of its billing period and order the lower plan instead.",
  trialIncrease:
    "A trial runs with the minimum number of licences. Upgrade it to the paid plan to add licences.",
  trialAddon: "Add-ons cannot be added to a trial. Upgrade it to the paid plan first.",
  trialCancel: "A trial can be cancelled at any time before it ends.",
  trialUpgrade: "A trial can be upgraded to its paid plan at any time up to its last day.",
  downgradeNow: "Within 14 days of the order or the last renewal, the downgrade takes effect immediately.",
  downgradeLater:
    "More than 14 days have passed since the order or the last renewal, so the downgrade takes effect at the end of the billing period.",
  cancelOutside:
    "Immediate and specific-date cancellations are only possible within 14 days of the order or the last renewal. Choose End of Billing Period instead.",
  cancelInside:
    "Within 14 days of the order or the last renewal, the subscription can be cancelled immediately.",
  cancelAtEnd: "The subscription stays active and is cancelled at the end of its billing period.",
  decrease: "Fewer licences take effect at the next renewal; until then the current quantity is billed.",
  addonCancelOutside:
    "Add-ons can only be cancelled within 14 days of the order or the last renewal. This add-on can be cancelled again in the first 14 days after the next renewal.",
} as const;

/** Rules both types share, in order, after their own first rules. */
function commonRules(decreaseCode: "R-QTY-02" | "R-SGN-05"): ChangeRule[] {
  return [
    {
      action: "downgrade",
      withinWindow: true,
      outcome: "IMMEDIATE",
      code: "R-DWN-01",
      message: MSG.downgradeNow,
    },
    {
      action: "downgrade",
      withinWindow: false,
      outcome: "END_OF_TERM",
      code: "R-DWN-01",
      message: MSG.downgradeLater,
    },
    {
      action: "cancel",
      withinWindow: false,
      outcome: "ILLEGAL",
      code: "R-CAN-01",
      message: MSG.cancelOutside,
    },
    {
      action: "cancel",
      withinWindow: true,
      outcome: "IMMEDIATE",
      code: "R-CAN-01",
      message: MSG.cancelInside,
    },
    { action: "cancel_end_of_period", outcome: "END_OF_TERM", code: "R-CAN-02", message: MSG.cancelAtEnd },
    { action: "decrease", outcome: "END_OF_TERM", code: decreaseCode, message: MSG.decrease },
  ];
}

/** Trial rules come before the window rules: a trial can be ended or upgraded on any of its days. */
const trialRules: ChangeRule[] = [
  { action: "increase", trial: true, outcome: "ILLEGAL", code: "R-TRL-01", message: MSG.trialIncrease },
  { action: "addon_add", trial: true, outcome: "ILLEGAL", code: "R-TRL-01", message: MSG.trialAddon },
  { action: "cancel", trial: true, outcome: "IMMEDIATE", code: "R-TRL-01", message: MSG.trialCancel },
  { action: "upgrade", trial: true, outcome: "IMMEDIATE", code: "R-TRL-01", message: MSG.trialUpgrade },
];

export function dropboxPolicies(skus: {
  storageAddonSkusByTerm: string[][];
  storagePackSkus: string[];
}): ProductTypePolicies {
  return {
    billingPlans,
    oneActivePlanPerAdminEmail: {
      enabled: true,
      code: "R-ORD-02",
      message:
        "This email address already administers a Dropbox team with a plan. Choose another team admin email, or change the existing subscription instead.",
    },
    serviceDetails: dropboxServiceDetails,
    teamName: { source: "account_name", maxLength: 20, code: "R-ORD-07" },
    changeWindowDays: WINDOW_DAYS,
    minimumQuantity: {
      code: "R-ORD-01",
      message: "This Dropbox plan includes {min} licensed users; order at least {min}.",
    },
    decreaseEffect: "at_renewal", // D3
    suspension: {
      allowed: true,
      code: "R-SUS-01",
      message:
        "A Dropbox subscription can only be suspended at the start of a billing period or within its first 14 days.",
    },
    trial,
    upgrade: {
      sameTermOnly: true, // R-UPG-02
      effective: "today", // R-UPG-04
      keepsBillingCycle: true,
      partialAllowed: true, // R-UPG-05
      targetMinimumApplies: true,
      code: "R-UPG-02",
    },
    cancellation,
    externalIdRestoration: { enabled: true, code: "R-EXT-02" },
    addonRules: [
      ...skus.storageAddonSkusByTerm.map((termSkus) => ({
        kind: "at_most_one_of" as const,
        skus: termSkus,
        code: "R-ORD-03",
        message: "An Advanced Server subscription can hold only one storage add-on (10 TB or 50 TB).",
      })),
      {
        kind: "quantity_fixed",
        code: "R-ORD-04",
        message: "Dropbox add-ons cannot be changed once ordered.",
      },
      {
        kind: "blocks_upgrade",
        skus: skus.storagePackSkus,
        code: "R-UPG-03",
        message: "This subscription holds the 1 TB storage pack add-on. Cancel the add-on before upgrading.",
      },
    ],
    changeRules: [
      {
        action: "downgrade",
        channel: "storefront",
        outcome: "ILLEGAL",
        code: "R-DWN-01",
        message: MSG.storefrontDowngrade,
      },
      ...trialRules,
      ...commonRules("R-QTY-02"),
      {
        action: "suspend",
        withinWindow: false,
        outcome: "ILLEGAL",
        code: "R-SUS-01",
        message:
          "A Dropbox subscription can only be suspended at the start of a billing period or within its first 14 days.",
      },
      { action: "suspend", withinWindow: true, outcome: "IMMEDIATE", code: "R-SUS-01" },
      {
        action: "addon_quantity",
        outcome: "ILLEGAL",
        code: "R-ORD-04",
        message: "Dropbox add-ons cannot be changed once ordered.",
      },
      {
        action: "addon_cancel",
        withinWindow: false,
        outcome: "ILLEGAL",
        code: "R-CAN-01",
        message: MSG.addonCancelOutside,
      },
    ],
  };
}

export function signPolicies(skus: {
  seatMinimumSkus: string[];
  sfdcCpqPairsByTerm: string[][];
}): ProductTypePolicies {
  return {
    billingPlans,
    // R-CAT-06: Sign plans are not limited to one per admin email.
    oneActivePlanPerAdminEmail: {
      enabled: false,
      code: "R-ORD-02",
      message: "Dropbox Sign plans are not limited to one per team admin email.",
    },
    serviceDetails,
    teamName: { source: "account_name", maxLength: 20, code: "R-ORD-07" },
    changeWindowDays: WINDOW_DAYS,
    minimumQuantity: { code: "R-SGN-01", message: "This Dropbox Sign plan needs at least {min} seats." },
    decreaseEffect: "at_renewal", // D3, R-SGN-05
    suspension: {
      allowed: false,
      code: "R-SGN-07",
      message: "Dropbox Sign subscriptions cannot be suspended.",
    },
    trial,
    upgrade: {
      sameTermOnly: true,
      effective: "today",
      keepsBillingCycle: true,
      partialAllowed: true,
      targetMinimumApplies: true, // R-SGN-06: Premium needs 5 seats
      code: "R-SGN-06",
    },
    cancellation,
    addonRules: [
      {
        kind: "seat_minimum",
        skus: skus.seatMinimumSkus,
        min: 5,
        code: "R-SGN-02",
        message: "The Salesforce, Salesforce CPQ and Template Pack 15 add-ons need at least 5 seats.",
      },
      ...skus.sfdcCpqPairsByTerm.map((pair) => ({
        kind: "never_together" as const,
        skus: pair,
        code: "R-SGN-03",
        message: "A subscription can have the Salesforce add-on or the Salesforce CPQ add-on, not both.",
      })),
      {
        kind: "quantity_tied_to_parent",
        onMismatch: { bss: "raise_with_parent", storefront: "refuse" },
        code: "R-SGN-04",
        message: "Dropbox Sign add-ons must have the same quantity as the subscription's seats.",
      },
      {
        kind: "follow_parent_cancellation",
        partialCancelAllowed: false,
        code: "R-SGN-08",
        message:
          "Dropbox Sign add-ons follow their plan's quantity: they cannot be partly cancelled on their own.",
      },
    ],
    changeRules: [
      {
        action: "downgrade",
        channel: "storefront",
        outcome: "ILLEGAL",
        code: "R-DWN-01",
        message: MSG.storefrontDowngrade,
      },
      // R-TRL-01 before R-SGN-07: a monthly trial can be upgraded to paid up to its last day, in
      // the Storefront too; the Storefront refusal (D2) is for paid monthly Sign subscriptions.
      ...trialRules,
      {
        action: "upgrade",
        channel: "storefront",
        terms: ["MCMB"],
        outcome: "ILLEGAL",
        code: "R-SGN-07",
        message:
          "Monthly Dropbox Sign subscriptions cannot be upgraded in the Storefront. Ask your reseller to upgrade it.",
      },
      {
        action: "suspend",
        outcome: "ILLEGAL",
        code: "R-SGN-07",
        message: "Dropbox Sign subscriptions cannot be suspended.",
      },
      ...commonRules("R-SGN-05"),
      {
        action: "addon_quantity",
        outcome: "ILLEGAL",
        code: "R-SGN-04",
        message:
          "A Dropbox Sign add-on always has the subscription's quantity; change the subscription's seats instead.",
      },
      {
        action: "addon_cancel",
        withinWindow: false,
        outcome: "ILLEGAL",
        code: "R-SGN-08",
        message: MSG.addonCancelOutside,
      },
    ],
  };
}
