import { createHash } from "node:crypto";
import type { ProductDefinition, ServicesDefinition } from "../../service-managers/services-definition.ts";
import { AppError } from "../../shared/errors.ts";
import { parseAmount } from "../../shared/money.ts";
import { type Edge, findCycle } from "./catalog.rules.ts";

/**
 * Pure planning of Get Services Definition (R-CAT-01): the definition + what the tenant's
 * catalogue holds now → the set of writes that makes the catalogue match, and a summary.
 * Products are matched by SKU and never deleted: one that left the definition is retired.
 * A product whose definition is unchanged (same definitionHash) is not written at all, so a
 * second run changes nothing — not even updated_at.
 */

export interface CurrentType {
  id: string;
  code: string;
  name: string;
  policies: unknown;
  status: string;
  serviceManagerInstanceId: string | null;
}
export interface CurrentProduct {
  id: string;
  sku: string;
  productTypeId: string;
  status: string;
  definitionHash: string | null;
}
export interface CurrentSet {
  id: string;
  code: string;
  name: string;
  scope: string;
  productTypeId: string | null;
  memberIds: string[];
}
export interface CurrentState {
  types: CurrentType[];
  products: CurrentProduct[];
  addonLinks: { parentId: string; addonId: string }[];
  edges: { id: string; from: string; to: string; source: string }[];
  sets: CurrentSet[];
}

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
  retired: number;
}
export type SyncSummary = Record<
  "productTypes" | "products" | "addonLinks" | "upgradePaths" | "exclusiveSets",
  Counts
>;

export interface ProductWrite {
  id: string;
  product_type_id: string;
  sku: string;
  name: string;
  description: string | null;
  features: string[];
  kind: string;
  term: string;
  is_trial: boolean;
  trial_days: number | null;
  trial_paid_product_id: string | null;
  included_licences: number;
  min_quantity: number;
  max_quantity: number | null;
  list_price: string;
  cost: string;
  currency: string;
  characteristics: Record<string, unknown>;
  excluded_from_proration: boolean;
  definition_hash: string;
}

export interface SyncPlan {
  typeUpserts: { id: string; code: string; name: string; policies: unknown }[];
  typeRetire: string[];
  productUpserts: ProductWrite[];
  productRetire: string[];
  addonInsert: { p: string; a: string }[];
  addonDelete: { p: string; a: string }[];
  edgeUpserts: { id: string; f: string; t: string }[];
  edgeDelete: string[];
  setUpserts: { id: string; code: string; name: string; scope: string; product_type_id: string }[];
  setDelete: string[];
  memberInsert: { s: string; p: string }[];
  memberDelete: { s: string; p: string }[];
  summary: SyncSummary;
}

/** JSON with sorted keys, so equal data always gives equal text (and hash). */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function definitionHash(typeCode: string, currency: string, p: ProductDefinition): string {
  const { addons: _links, ...row } = p; // add-on links are diffed as a set, not hashed into the row
  return createHash("sha256")
    .update(stableJson({ typeCode, currency, ...row }))
    .digest("hex")
    .slice(0, 32);
}

const zero = (): Counts => ({ created: 0, updated: 0, unchanged: 0, retired: 0 });

export function planSync(
  def: ServicesDefinition,
  current: CurrentState,
  ctx: { instanceId: string; newId: (prefix: "pty" | "prd" | "upg" | "exs") => string },
): SyncPlan {
  const summary: SyncSummary = {
    productTypes: zero(),
    products: zero(),
    addonLinks: zero(),
    upgradePaths: zero(),
    exclusiveSets: zero(),
  };
  const plan: SyncPlan = {
    typeUpserts: [],
    typeRetire: [],
    productUpserts: [],
    productRetire: [],
    addonInsert: [],
    addonDelete: [],
    edgeUpserts: [],
    edgeDelete: [],
    setUpserts: [],
    setDelete: [],
    memberInsert: [],
    memberDelete: [],
    summary,
  };

  // Product types, by code.
  const typeByCode = new Map(current.types.map((t) => [t.code, t]));
  const typeIdByCode = new Map<string, string>();
  for (const t of def.productTypes) {
    const existing = typeByCode.get(t.code);
    if (existing && existing.serviceManagerInstanceId !== ctx.instanceId)
      throw new AppError(
        "conflict",
        `The product type code "${t.code}" is already used by a product type this service manager does not manage.`,
        { code: t.code },
      );
    const id = existing?.id ?? ctx.newId("pty");
    typeIdByCode.set(t.code, id);
    const same =
      existing &&
      existing.name === t.name &&
      existing.status === "active" &&
      stableJson(existing.policies) === stableJson(t.policies);
    if (same) summary.productTypes.unchanged++;
    else {
      plan.typeUpserts.push({ id, code: t.code, name: t.name, policies: t.policies });
      summary.productTypes[existing ? "updated" : "created"]++;
    }
  }
  const managedTypeIds = new Set(
    current.types.filter((t) => t.serviceManagerInstanceId === ctx.instanceId).map((t) => t.id),
  );
  for (const t of current.types) {
    if (managedTypeIds.has(t.id) && !typeIdByCode.has(t.code) && t.status !== "retired") {
      plan.typeRetire.push(t.id);
      summary.productTypes.retired++;
    }
  }

  // Products, by SKU (ids are kept, so subscriptions keep pointing at them).
  const productBySku = new Map(current.products.map((p) => [p.sku, p]));
  const idBySku = new Map<string, string>();
  const defTypeIds = new Set(typeIdByCode.values());
  for (const t of def.productTypes)
    for (const p of t.products) {
      const existing = productBySku.get(p.sku);
      if (
        existing &&
        (existing.definitionHash === null ||
          !(managedTypeIds.has(existing.productTypeId) || defTypeIds.has(existing.productTypeId)))
      )
        throw new AppError(
          "conflict",
          `The SKU ${p.sku} already belongs to a product that this service manager does not manage.`,
          { sku: p.sku },
        );
      idBySku.set(p.sku, existing?.id ?? ctx.newId("prd"));
    }
  for (const t of def.productTypes) {
    const typeId = typeIdByCode.get(t.code)!;
    for (const p of t.products) {
      const existing = productBySku.get(p.sku);
      const hash = definitionHash(t.code, def.currency, p);
      if (
        existing &&
        existing.definitionHash === hash &&
        existing.status === "active" &&
        existing.productTypeId === typeId
      ) {
        summary.products.unchanged++;
        continue;
      }
      summary.products[existing ? "updated" : "created"]++;
      plan.productUpserts.push({
        id: idBySku.get(p.sku)!,
        product_type_id: typeId,
        sku: p.sku,
        name: p.name,
        description: p.description ?? null,
        features: p.features ?? [],
        kind: p.kind,
        term: p.term,
        is_trial: Boolean(p.trial),
        trial_days: p.trial?.days ?? null,
        trial_paid_product_id: p.trial ? idBySku.get(p.trial.paidSku)! : null,
        included_licences: p.includedLicences,
        min_quantity: p.minQuantity,
        max_quantity: p.maxQuantity ?? null,
        list_price: parseAmount(p.listPrice, def.currency).toString(),
        cost: parseAmount(p.cost, def.currency).toString(),
        currency: def.currency,
        characteristics: p.characteristics,
        excluded_from_proration: p.excludedFromProration,
        definition_hash: hash,
      });
    }
  }
  for (const p of current.products) {
    const managed = managedTypeIds.has(p.productTypeId) || defTypeIds.has(p.productTypeId);
    if (!managed || p.definitionHash === null || idBySku.has(p.sku) || p.status === "retired") continue;
    plan.productRetire.push(p.id); // R-CAT-01: retired, never deleted
    summary.products.retired++;
  }

  // Add-on links of the definition's products: a set difference.
  const defProductIds = new Set(idBySku.values());
  const wantLinks = new Set<string>();
  for (const t of def.productTypes)
    for (const p of t.products)
      for (const a of p.addons) wantLinks.add(`${idBySku.get(p.sku)}|${idBySku.get(a)}`);
  const haveLinks = new Set(
    current.addonLinks.filter((l) => defProductIds.has(l.parentId)).map((l) => `${l.parentId}|${l.addonId}`),
  );
  diffSets(
    wantLinks,
    haveLinks,
    summary.addonLinks,
    (k) => plan.addonInsert.push(split(k, "p", "a")),
    (k) => plan.addonDelete.push(split(k, "p", "a")),
  );

  // Declared upgrade edges (source = definition); hand-made edges are kept, or adopted when declared.
  const wantEdges: Edge[] = def.productTypes.flatMap((t) =>
    t.upgradePaths.map((e) => ({ from: idBySku.get(e.from)!, to: idBySku.get(e.to)! })),
  );
  const manualKept = current.edges.filter(
    (e) => e.source === "manual" && !wantEdges.some((w) => w.from === e.from && w.to === e.to),
  );
  const cycle = findCycle([...wantEdges, ...manualKept]);
  if (cycle)
    throw new AppError(
      "R-UPG-06",
      "The upgrade paths of the definition (with the hand-made ones) form a cycle.",
      { cycle },
    );
  const haveEdges = new Map(current.edges.map((e) => [`${e.from}|${e.to}`, e]));
  const wantKeys = new Set<string>();
  for (const e of wantEdges) {
    const key = `${e.from}|${e.to}`;
    if (wantKeys.has(key)) continue;
    wantKeys.add(key);
    const have = haveEdges.get(key);
    if (have?.source === "definition") summary.upgradePaths.unchanged++;
    else {
      plan.edgeUpserts.push({ id: have?.id ?? ctx.newId("upg"), f: e.from, t: e.to });
      summary.upgradePaths[have ? "updated" : "created"]++;
    }
  }
  for (const e of current.edges) {
    if (e.source === "definition" && !wantKeys.has(`${e.from}|${e.to}`)) {
      plan.edgeDelete.push(e.id);
      summary.upgradePaths.retired++;
    }
  }

  // Exclusive sets, by code; members as a set difference.
  const setByCode = new Map(current.sets.map((s) => [s.code, s]));
  const wantSetCodes = new Set<string>();
  for (const t of def.productTypes)
    for (const s of t.exclusiveSets) {
      wantSetCodes.add(s.code);
      const existing = setByCode.get(s.code);
      const id = existing?.id ?? ctx.newId("exs");
      const typeId = typeIdByCode.get(t.code)!;
      const members = new Set(s.skus.map((sku) => idBySku.get(sku)!));
      const counts = zero();
      diffSets(
        members,
        new Set(existing?.memberIds ?? []),
        counts,
        (p) => plan.memberInsert.push({ s: id, p }),
        (p) => plan.memberDelete.push({ s: id, p }),
      );
      const headerSame =
        existing &&
        existing.name === s.name &&
        existing.scope === s.scope &&
        existing.productTypeId === typeId;
      if (!headerSame)
        plan.setUpserts.push({ id, code: s.code, name: s.name, scope: s.scope, product_type_id: typeId });
      if (!existing) summary.exclusiveSets.created++;
      else if (!headerSame || counts.created + counts.retired > 0) summary.exclusiveSets.updated++;
      else summary.exclusiveSets.unchanged++;
    }
  for (const s of current.sets) {
    if (
      s.productTypeId &&
      (managedTypeIds.has(s.productTypeId) || defTypeIds.has(s.productTypeId)) &&
      !wantSetCodes.has(s.code)
    ) {
      plan.setDelete.push(s.id);
      summary.exclusiveSets.retired++;
    }
  }
  return plan;
}

function diffSets(
  want: Set<string>,
  have: Set<string>,
  counts: Counts,
  add: (key: string) => void,
  remove: (key: string) => void,
): void {
  for (const k of want) {
    if (have.has(k)) counts.unchanged++;
    else {
      add(k);
      counts.created++;
    }
  }
  for (const k of have) {
    if (!want.has(k)) {
      remove(k);
      counts.retired++;
    }
  }
}

function split<A extends string, B extends string>(key: string, a: A, b: B): Record<A | B, string> {
  const [x, y] = key.split("|");
  return { [a]: x!, [b]: y! } as Record<A | B, string>;
}
