import { divRound, formatAmount } from "../../shared/money.ts";
import type { ProductDefinition, ProductTypeDefinition, Term } from "../services-definition.ts";
import { dropboxPolicies } from "./dropbox.policies.ts";

/**
 * The "Dropbox Subscription" product type, generated from the small tables below (seed 002,
 * R-CAT-02..04, D5, D9) instead of ~400 hand-written products.
 */

export const TERMS: readonly Term[] = ["MCMB", "AC1M", "AC1Y"];
export const TERM_LABEL: Record<Term, string> = {
  MCMB: "Monthly Commitment - Monthly Billed",
  AC1M: "Annual Commitment - Monthly Billed",
  AC1Y: "Annual Commitment - Annually Billed",
};
/** D9, R-TRL-01: trials exist for MCMB and AC1Y products, never AC1M. */
export const TRIAL_TERMS: readonly Term[] = ["MCMB", "AC1Y"];
export const TRIAL_DAYS = 30;

interface Edition {
  code: string;
  name: string;
  baseSubscription: string;
  users: number; // R-ORD-01: included = minimum licences
  monthly: bigint; // list price per user and month, minor units (EUR cents)
  hasFeatures: boolean; // R-CAT-02 / D5: Advanced Server has no feature variants
  hasStoragePack: boolean; // D5: the 1 TB pack belongs to the non-Education, non-Advanced-Server editions
  /**
   * What sets the edition apart, as the Storefront's cards and plan comparison show it (issue 16):
   * the same headings for every edition (storage, recovery, transfers, admin), so plans compare
   * line by line. Illustrative vendor data, kept here with the rest of the services definition.
   */
  highlights: readonly string[];
}

export const EDITIONS: readonly Edition[] = [
  {
    code: "STD",
    name: "Standard",
    baseSubscription: "Standard Edition",
    users: 3,
    monthly: 1500n,
    hasFeatures: true,
    hasStoragePack: true,
    highlights: [
      "5 TB of storage for the team",
      "180 days of file recovery and version history",
      "Send files up to 2 GB with Dropbox Transfer",
      "Admin console and team folders",
    ],
  },
  {
    code: "BUS",
    name: "Business",
    baseSubscription: "Business Edition",
    users: 3,
    monthly: 1800n,
    hasFeatures: true,
    hasStoragePack: true,
    highlights: [
      "9 TB of storage for the team",
      "180 days of file recovery and version history",
      "Send files up to 100 GB with Dropbox Transfer",
      "Admin console, team folders and company branding",
    ],
  },
  {
    code: "ADV",
    name: "Advanced",
    baseSubscription: "Advanced Edition",
    users: 3,
    monthly: 2400n,
    hasFeatures: true,
    hasStoragePack: true,
    highlights: [
      "15 TB of storage for the team",
      "1 year of file recovery and version history",
      "Send files up to 100 GB with Dropbox Transfer",
      "Tiered admin roles and audit logs",
    ],
  },
  {
    code: "BPL",
    name: "Business Plus",
    baseSubscription: "Business Plus Edition",
    users: 3,
    monthly: 2600n,
    hasFeatures: true,
    hasStoragePack: true,
    highlights: [
      "15 TB of storage for the team",
      "1 year of file recovery and version history",
      "Send files up to 250 GB with Dropbox Transfer",
      "Tiered admin roles, audit logs and single sign-on",
    ],
  },
  {
    code: "EDU",
    name: "Education",
    baseSubscription: "Education",
    users: 300,
    monthly: 700n,
    hasFeatures: true,
    hasStoragePack: false,
    highlights: [
      "Storage as the institution needs",
      "1 year of file recovery and version history",
      "Send files up to 100 GB with Dropbox Transfer",
      "Admin console for schools and universities (300 licences minimum)",
    ],
  },
  {
    code: "ASV",
    name: "Advanced Server",
    baseSubscription: "Advanced Server",
    users: 3,
    monthly: 3000n,
    hasFeatures: false,
    hasStoragePack: false,
    highlights: [
      "Storage extendable with 10 TB or 50 TB add-ons",
      "1 year of file recovery and version history",
      "Send files up to 100 GB with Dropbox Transfer",
      "Tiered admin roles and audit logs",
    ],
  },
];

/** R-UPG-01: the edition path; Education and Advanced Server are not on it. */
export const EDITION_PATH = ["STD", "BUS", "ADV", "BPL"] as const;

/** R-CAT-03: the extra features, each adding to the monthly price per user. */
export const FEATURES = [
  { code: "EVH", name: "Extended Version History", monthly: 300n },
  { code: "DG", name: "Data Governance", monthly: 400n },
  { code: "RPL", name: "Replay", monthly: 200n },
  { code: "PS", name: "Premium Support", monthly: 250n },
] as const;
export type FeatureCode = (typeof FEATURES)[number]["code"];

const STORAGE_ADDONS = [
  { code: "10TB", name: "10 TB Add-On", monthly: 50000n },
  { code: "50TB", name: "50 TB Add-On", monthly: 220000n },
] as const;
const STORAGE_PACK_MONTHLY = 1000n;

/** Every subset of the features (16), in a stable order: bit i set = FEATURES[i] included. */
export function featureSubsets(): FeatureCode[][] {
  const out: FeatureCode[][] = [];
  for (let mask = 0; mask < 1 << FEATURES.length; mask++)
    out.push(FEATURES.filter((_, i) => mask & (1 << i)).map((f) => f.code));
  return out;
}

/** Price for one commitment term (MCMB a month, AC1M/AC1Y twelve months at a 10 % discount). */
export function termPrice(monthly: bigint, term: Term): bigint {
  return term === "MCMB" ? monthly : divRound(monthly * 12n * 9n, 10n, "half-up");
}
/** Cost ≈ 80 % of list, rounded half-up to the cent. */
export function costOf(list: bigint): bigint {
  return divRound(list * 8n, 10n, "half-up");
}
export const eur = (minor: bigint) => formatAmount(minor, "EUR");

export function baseSku(edition: string, features: readonly string[], term: Term): string {
  return ["DBX", edition, ...features, term].join("-");
}
export const trialSku = (paidSku: string) => `${paidSku}-TRIAL`;
export const storageAddonSku = (size: string, term: Term) => `DBX-ASV-${size}-${term}`;
export const storagePackSku = (term: Term) => `DBX-1TB-${term}`;

type ProductInput = Omit<ProductDefinition, "addons" | "excludedFromProration"> & { addons: string[] };

function baseProducts(edition: Edition, term: Term): ProductInput[] {
  const subsets = edition.hasFeatures ? featureSubsets() : [[]];
  const out: ProductInput[] = [];
  for (const features of subsets) {
    const monthly =
      edition.monthly + FEATURES.filter((f) => features.includes(f.code)).reduce((a, f) => a + f.monthly, 0n);
    const list = termPrice(monthly, term);
    const featureNames = FEATURES.filter((f) => features.includes(f.code)).map((f) => f.name);
    const title = [`Dropbox ${edition.name}`, ...featureNames].join(" + ");
    const characteristics: ProductInput["characteristics"] = {
      "Base Subscription": edition.baseSubscription,
      "Number of licensed users": edition.users,
      "License code for additional users": `DBX-${edition.code}-USER`,
    };
    if (edition.hasFeatures) {
      for (const f of FEATURES) characteristics[f.name] = features.includes(f.code);
    } else {
      characteristics["Additional Storage"] = "None";
    }
    const sku = baseSku(edition.code, features, term);
    const addons = edition.hasStoragePack
      ? [storagePackSku(term)]
      : edition.hasFeatures
        ? []
        : STORAGE_ADDONS.map((s) => storageAddonSku(s.code, term));
    const paid: ProductInput = {
      sku,
      name: `${title}, ${TERM_LABEL[term]}`,
      features: [
        `${edition.users} licences included (the minimum)`,
        ...edition.highlights,
        ...featureNames.map((f) => `${f} included`),
      ],
      kind: "base",
      term,
      includedLicences: edition.users,
      minQuantity: edition.users,
      listPrice: eur(list),
      cost: eur(costOf(list)),
      characteristics,
      addons,
    };
    out.push(paid);
    if (TRIAL_TERMS.includes(term)) {
      // R-TRL-01: a free 30-day twin at the minimum licences, no add-ons.
      out.push({
        ...paid,
        sku: trialSku(sku),
        name: `${title} (${TRIAL_DAYS}-day trial), ${TERM_LABEL[term]}`,
        trial: { days: TRIAL_DAYS, paidSku: sku },
        features: [`Free for ${TRIAL_DAYS} days`, ...(paid.features ?? [])],
        maxQuantity: edition.users,
        listPrice: "0.00",
        cost: "0.00",
        addons: [],
      });
    }
  }
  return out;
}

function addonProducts(term: Term): ProductInput[] {
  const storage = STORAGE_ADDONS.map((s) => {
    const list = termPrice(s.monthly, term);
    return {
      sku: storageAddonSku(s.code, term),
      name: `Dropbox Advanced Server ${s.name}, ${TERM_LABEL[term]}`,
      kind: "addon" as const,
      term,
      includedLicences: 0,
      minQuantity: 1,
      maxQuantity: 1, // R-ORD-03: a single storage pack
      listPrice: eur(list),
      cost: eur(costOf(list)),
      features: [`${s.name.replace(" Add-On", "")} of additional storage for Advanced Server`],
      characteristics: { "Additional Storage": s.name },
      addons: [],
    };
  });
  const packList = termPrice(STORAGE_PACK_MONTHLY, term);
  const pack: ProductInput = {
    sku: storagePackSku(term),
    name: `Dropbox 1 TB Storage Pack, ${TERM_LABEL[term]}`,
    kind: "addon",
    term,
    includedLicences: 0,
    minQuantity: 1,
    listPrice: eur(packList),
    cost: eur(costOf(packList)),
    features: ["1 TB of additional storage for the team"],
    characteristics: { "Storage Pack": "1 TB" },
    addons: [],
  };
  return [...storage, pack];
}

/**
 * Declared edges only (the catalog chains them, R-UPG-06): per term, the next edition on the
 * path with the same features (R-UPG-01), the same edition plus one feature (R-UPG-01),
 * and every trial to its paid twin (R-TRL-01). Never across terms (R-UPG-02).
 */
function upgradeEdges(): { from: string; to: string }[] {
  const edges: { from: string; to: string }[] = [];
  for (const term of TERMS) {
    for (const features of featureSubsets()) {
      for (let i = 0; i + 1 < EDITION_PATH.length; i++)
        edges.push({
          from: baseSku(EDITION_PATH[i]!, features, term),
          to: baseSku(EDITION_PATH[i + 1]!, features, term),
        });
      for (const edition of EDITIONS.filter((e) => e.hasFeatures)) {
        for (const f of FEATURES) {
          if (features.includes(f.code)) continue;
          const more = FEATURES.filter((x) => x.code === f.code || features.includes(x.code)).map(
            (x) => x.code,
          );
          edges.push({ from: baseSku(edition.code, features, term), to: baseSku(edition.code, more, term) });
        }
      }
    }
  }
  return edges;
}

export function dropboxProductType(): ProductTypeDefinition {
  const products: ProductInput[] = [];
  for (const term of TERMS) {
    for (const edition of EDITIONS) products.push(...baseProducts(edition, term));
    products.push(...addonProducts(term));
  }
  const trialEdges = products.filter((p) => p.trial).map((p) => ({ from: p.sku, to: p.trial!.paidSku }));
  const basePlans = products.filter((p) => p.kind === "base").map((p) => p.sku);
  return {
    code: "dropbox",
    name: "Dropbox Subscription",
    policies: dropboxPolicies({
      storageAddonSkusByTerm: TERMS.map((t) => STORAGE_ADDONS.map((s) => storageAddonSku(s.code, t))),
      storagePackSkus: TERMS.map(storagePackSku),
    }),
    products: products.map((p) => ({ ...p, excludedFromProration: false })),
    upgradePaths: [...upgradeEdges(), ...trialEdges],
    // R-CAT-06: one Dropbox base plan per team (admin email); Sign is not in this set.
    exclusiveSets: [
      {
        code: "dropbox_base_plans",
        name: "Dropbox base plans (one per team)",
        scope: "admin_email",
        skus: basePlans,
      },
    ],
  };
}
