import type { ProductDefinition, ProductTypeDefinition, Term } from "../services-definition.ts";
import { signPolicies } from "./dropbox.policies.ts";
import {
  costOf,
  eur,
  TERM_LABEL,
  TERMS,
  TRIAL_DAYS,
  TRIAL_TERMS,
  termPrice,
  trialSku,
} from "./dropbox.products.ts";

/**
 * The "Dropbox Sign Subscription" product type (D8, R-CAT-05, seed 002): plans Standard and
 * Premium in every term, four add-ons per term attachable to both plans of that term.
 */

const PLANS = [
  {
    code: "STD",
    name: "Standard",
    seats: 2, // R-SGN-01: 2 seats minimum
    monthly: 2000n,
    // What the Storefront's cards compare (issue 16); illustrative vendor data.
    highlights: ["Unlimited signature requests", "Templates and reminders", "Audit trail"],
  },
  {
    code: "PRE",
    name: "Premium",
    seats: 5, // R-SGN-01: 5 seats minimum
    monthly: 3500n,
    highlights: [
      "Unlimited signature requests",
      "Templates, reminders and bulk send",
      "Audit trail and signer authentication",
    ],
  },
] as const;

const ADDONS = [
  { code: "SFDC", name: "Salesforce", monthly: 800n, needsFiveSeats: true },
  { code: "CPQ", name: "Salesforce CPQ (configure price quote)", monthly: 1200n, needsFiveSeats: true },
  { code: "SP", name: "Microsoft SharePoint", monthly: 400n, needsFiveSeats: false },
  { code: "TP15", name: "Template pack 15", monthly: 300n, needsFiveSeats: true },
] as const;

export const signPlanSku = (plan: string, term: Term) => `DBXS-${plan}-${term}`;
export const signAddonSku = (addon: string, term: Term) => `DBXS-${addon}-${term}`;

export function dropboxSignProductType(): ProductTypeDefinition {
  const products: ProductDefinition[] = [];
  const upgradePaths: { from: string; to: string }[] = [];
  for (const term of TERMS) {
    const addonSkus = ADDONS.map((a) => signAddonSku(a.code, term));
    for (const plan of PLANS) {
      const list = termPrice(plan.monthly, term);
      const paid: ProductDefinition = {
        sku: signPlanSku(plan.code, term),
        name: `Dropbox Sign ${plan.name}, ${TERM_LABEL[term]}`,
        features: [`${plan.seats} seats included (the minimum)`, ...plan.highlights],
        kind: "base",
        term,
        includedLicences: plan.seats,
        minQuantity: plan.seats,
        listPrice: eur(list),
        cost: eur(costOf(list)),
        characteristics: {
          "Base Subscription": `Dropbox Sign ${plan.name}`,
          "Number of licensed users": plan.seats,
        },
        addons: addonSkus,
        excludedFromProration: false,
      };
      products.push(paid);
      if (TRIAL_TERMS.includes(term)) {
        products.push({
          ...paid,
          sku: trialSku(paid.sku),
          name: `Dropbox Sign ${plan.name} (${TRIAL_DAYS}-day trial), ${TERM_LABEL[term]}`,
          trial: { days: TRIAL_DAYS, paidSku: paid.sku },
          features: [`Free for ${TRIAL_DAYS} days`, ...(paid.features ?? [])],
          maxQuantity: plan.seats,
          listPrice: "0.00",
          cost: "0.00",
          addons: [],
        });
        upgradePaths.push({ from: trialSku(paid.sku), to: paid.sku });
      }
    }
    // R-SGN-06: Standard → Premium in the same term; never between trials.
    upgradePaths.push({ from: signPlanSku("STD", term), to: signPlanSku("PRE", term) });
    for (const addon of ADDONS) {
      const list = termPrice(addon.monthly, term);
      products.push({
        sku: signAddonSku(addon.code, term),
        name: `Dropbox Sign ${addon.name}, ${TERM_LABEL[term]}`,
        kind: "addon",
        term,
        includedLicences: 0,
        minQuantity: 1,
        listPrice: eur(list),
        cost: eur(costOf(list)),
        characteristics: { "Add-on": addon.name },
        addons: [],
        excludedFromProration: false,
      });
    }
  }
  return {
    code: "dropbox_sign",
    name: "Dropbox Sign Subscription",
    policies: signPolicies({
      seatMinimumSkus: TERMS.flatMap((t) =>
        ADDONS.filter((a) => a.needsFiveSeats).map((a) => signAddonSku(a.code, t)),
      ),
      sfdcCpqPairsByTerm: TERMS.map((t) => [signAddonSku("SFDC", t), signAddonSku("CPQ", t)]),
    }),
    products,
    upgradePaths,
    exclusiveSets: [], // R-CAT-06: Sign plans are not exclusive with Dropbox (nor with each other)
  };
}
