import { BadInput, RouteError } from "./errors.ts";

/**
 * The sandbox's SKU grammar. The vendor SKU is the BSS product's SKU string itself (see
 * README.md), parsed here from its own grammar so the sandbox never imports the BSS catalogue:
 * a real vendor knows its SKUs, not our product table.
 *
 *   Dropbox plan   DBX-<STD|BUS|ADV|BPL|EDU|ASV>[-EVH][-DG][-RPL][-PS]-<MCMB|AC1M|AC1Y>[-TRIAL]
 *   Dropbox add-on DBX-1TB-<term> (1 TB pack) · DBX-ASV-<10TB|50TB>-<term> (Advanced Server storage)
 *   Sign plan      DBXS-<STD|PRE>-<term>[-TRIAL]
 *   Sign add-on    DBXS-<SFDC|CPQ|SP|TP15>-<term>
 */
export type Family = "dropbox" | "dropbox_sign";
export type TermCode = "MCMB" | "AC1M" | "AC1Y";

export interface Plan {
  kind: "plan";
  sku: string;
  family: Family;
  edition: string;
  features: string[];
  term: TermCode;
  trial: boolean;
  minLicenses: number;
}

export interface AddOnSku {
  kind: "addon";
  sku: string;
  family: Family;
  code: string;
  term: TermCode;
}

export interface AddOnLine {
  sku: string;
  quantity: number;
}

const FEATURE_ORDER = ["EVH", "DG", "RPL", "PS"];
const DROPBOX_PATH = ["STD", "BUS", "ADV", "BPL"]; // R-UPG-01
const SIGN_PATH = ["STD", "PRE"]; // R-SGN-06
const MIN_LICENSES: Record<string, number> = {
  "dropbox:STD": 3,
  "dropbox:BUS": 3,
  "dropbox:ADV": 3,
  "dropbox:BPL": 3,
  "dropbox:ASV": 3,
  "dropbox:EDU": 300, // R-ORD-01
  "dropbox_sign:STD": 2, // R-SGN-01
  "dropbox_sign:PRE": 5,
};
const SIGN_FIVE_SEAT_ADDONS = new Set(["SFDC", "CPQ", "TP15"]); // R-SGN-02
const TERM = "(MCMB|AC1M|AC1Y)";

export function parseSku(sku: string): Plan | AddOnSku | undefined {
  let m = new RegExp(`^DBX-(1TB|ASV-10TB|ASV-50TB)-${TERM}$`).exec(sku);
  if (m) return { kind: "addon", sku, family: "dropbox", code: m[1]!, term: m[2] as TermCode };
  m = new RegExp(`^DBXS-(SFDC|CPQ|SP|TP15)-${TERM}$`).exec(sku);
  if (m) return { kind: "addon", sku, family: "dropbox_sign", code: m[1]!, term: m[2] as TermCode };
  m = new RegExp(`^DBX-(STD|BUS|ADV|BPL|EDU|ASV)((?:-[A-Z]+)*)-${TERM}(-TRIAL)?$`).exec(sku);
  if (m) {
    const features = m[2] ? m[2].slice(1).split("-") : [];
    const canonical = FEATURE_ORDER.filter((f) => features.includes(f));
    if (canonical.join() !== features.join()) return undefined; // unknown, repeated or out of order
    if (m[1] === "ASV" && features.length) return undefined; // D5: Advanced Server has no variants
    return plan(sku, "dropbox", m[1]!, features, m[3] as TermCode, Boolean(m[4]));
  }
  m = new RegExp(`^DBXS-(STD|PRE)-${TERM}(-TRIAL)?$`).exec(sku);
  if (m) return plan(sku, "dropbox_sign", m[1]!, [], m[2] as TermCode, Boolean(m[3]));
  return undefined;
}

function plan(
  sku: string,
  family: Family,
  edition: string,
  features: string[],
  term: TermCode,
  trial: boolean,
): Plan | undefined {
  if (trial && term === "AC1M") return undefined; // R-TRL-01: no AC1M trials
  return {
    kind: "plan",
    sku,
    family,
    edition,
    features,
    term,
    trial,
    minLicenses: MIN_LICENSES[`${family}:${edition}`]!,
  };
}

/** A plan SKU of the given family, or the route error `invalid_sku`. */
export function getPlan(sku: string, family: Family): Plan {
  const parsed = parseSku(sku);
  if (parsed?.kind !== "plan" || parsed.family !== family) throw new RouteError("invalid_sku");
  return parsed;
}

export function paidTwin(p: Plan): Plan {
  return p.trial ? { ...p, trial: false, sku: p.sku.replace(/-TRIAL$/, "") } : p;
}

export type PlanChange = "same" | "upgrade" | "downgrade" | "invalid";

/**
 * Upgrade paths (R-UPG-01/02, R-SGN-06, R-TRL-01): same family and term; a later edition on the
 * path and/or more features is an upgrade, the reverse a downgrade, anything mixed is invalid.
 * A trial upgrades to its paid twin (or beyond it); nothing changes into a trial.
 */
export function comparePlans(from: Plan, to: Plan): PlanChange {
  if (from.sku === to.sku) return "same";
  if (from.family !== to.family || from.term !== to.term || to.trial) return "invalid";
  const base = paidTwin(from);
  if (from.trial && base.sku === to.sku) return "upgrade";
  const path = from.family === "dropbox" ? DROPBOX_PATH : SIGN_PATH;
  const a = path.indexOf(base.edition);
  const b = path.indexOf(to.edition);
  let up: boolean;
  let down: boolean;
  if (a < 0 || b < 0) {
    // Education and Advanced Server are off the path: only feature changes within the edition.
    if (base.edition !== to.edition) return "invalid";
    up = isSubset(base.features, to.features);
    down = isSubset(to.features, base.features);
  } else {
    up = b >= a && isSubset(base.features, to.features);
    down = b <= a && isSubset(to.features, base.features);
  }
  if (up) return "upgrade";
  if (down && !from.trial) return "downgrade"; // a trial is never downgraded
  return "invalid";
}

const isSubset = (a: string[], b: string[]) => a.every((x) => b.includes(x));

/**
 * Checks a plan's licences and add-ons (R-ORD-01/03, R-SGN-01..04, R-TRL-01); throws the route
 * error the vendor answers. Returns the add-ons normalised (Sign add-ons carry the plan's seats).
 */
export function checkPlan(p: Plan, licenses: number, addOns: AddOnLine[]): AddOnLine[] {
  const seen = new Set<string>();
  for (const a of addOns) {
    if (seen.has(a.sku)) throw new BadInput(`add_ons: ${a.sku} is listed twice`);
    seen.add(a.sku);
  }
  if (p.trial) {
    // R-TRL-01: a trial runs at the minimum, without add-ons.
    if (licenses < p.minLicenses) throw belowMinimum(p.minLicenses);
    if (licenses > p.minLicenses || addOns.length) throw new RouteError("trial_change_not_allowed");
    return [];
  }
  if (licenses < p.minLicenses) throw belowMinimum(p.minLicenses);
  const parsed = addOns.map((a) => {
    const s = parseSku(a.sku);
    if (s?.kind !== "addon" || s.family !== p.family || s.term !== p.term || !fits(p, s))
      throw new RouteError("invalid_sku", undefined, { sku: a.sku });
    return { ...s, quantity: a.quantity };
  });
  if (p.family === "dropbox") {
    // R-ORD-03: Advanced Server holds at most one storage add-on.
    const storage = parsed.filter((a) => a.code.startsWith("ASV-"));
    if (storage.reduce((n, a) => n + a.quantity, 0) > 1) throw new RouteError("add_on_conflict");
    return addOns;
  }
  const codes = parsed.map((a) => a.code);
  if (codes.includes("SFDC") && codes.includes("CPQ")) throw new RouteError("add_on_conflict"); // R-SGN-03
  if (parsed.some((a) => a.quantity !== licenses)) throw new RouteError("add_on_quantity_mismatch"); // R-SGN-04
  if (licenses < 5 && codes.some((c) => SIGN_FIVE_SEAT_ADDONS.has(c))) throw belowMinimum(5); // R-SGN-02
  return addOns;
}

function fits(p: Plan, a: AddOnSku): boolean {
  if (p.family === "dropbox_sign") return true;
  if (a.code === "1TB") return DROPBOX_PATH.includes(p.edition); // D5
  return p.edition === "ASV";
}

export function belowMinimum(min: number): RouteError {
  return new RouteError("below_minimum_licenses", `This plan needs at least ${min} licenses`, {
    minimum: min,
  });
}

/** Sign add-ons follow the plan's seat count (R-SGN-04): the vendor keeps them equal. */
export function followSeats(family: Family, addOns: AddOnLine[], licenses: number): AddOnLine[] {
  return family === "dropbox_sign" ? addOns.map((a) => ({ ...a, quantity: licenses })) : addOns;
}

export function termMonths(term: TermCode): number {
  return term === "MCMB" ? 1 : 12;
}
