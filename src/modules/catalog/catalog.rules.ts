import type { Violation } from "../../shared/errors.ts";
import { divRound } from "../../shared/money.ts";

/** Pure catalogue rules: upgrade paths (R-UPG-06) and price resolution. No I/O. */

export interface Edge {
  readonly from: string;
  readonly to: string;
}

/** Adjacency of declared edges. */
function adjacency(edges: readonly Edge[]): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.from);
    if (list) list.push(e.to);
    else next.set(e.from, [e.to]);
  }
  return next;
}

/** Everything reachable from `start` along declared edges (R-UPG-06: A→B, B→D gives A→D). */
export function reachableFrom(edges: readonly Edge[] | Map<string, string[]>, start: string): string[] {
  const next = edges instanceof Map ? edges : adjacency(edges);
  const seen = new Set<string>();
  const stack = [...(next.get(start) ?? [])];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id) || id === start) continue;
    seen.add(id);
    for (const n of next.get(id) ?? []) if (!seen.has(n)) stack.push(n);
  }
  return [...seen].sort();
}

/**
 * A product's upgrades (the closure of declared edges) and downgrades (R-UPG-06: B upgrade of
 * A ⇒ A downgrade of B, chained as well). A trial is never a downgrade target (R-TRL-01: a
 * trial is only ever ordered), so `isTrial` filters them out.
 */
export function upgradesAndDowngrades(
  edges: readonly Edge[],
  productId: string,
  isTrial: (id: string) => boolean = () => false,
): { upgrades: string[]; downgrades: string[] } {
  const inverse = edges.map((e) => ({ from: e.to, to: e.from }));
  return {
    upgrades: reachableFrom(edges, productId),
    downgrades: reachableFrom(inverse, productId).filter((id) => !isTrial(id)),
  };
}

/** A cycle among the edges (as a list of ids, first = last), or undefined. Iterative DFS. */
export function findCycle(edges: readonly Edge[]): string[] | undefined {
  const next = adjacency(edges);
  const state = new Map<string, "open" | "done">();
  for (const root of next.keys()) {
    if (state.has(root)) continue;
    const path: string[] = [];
    const stack: { id: string; i: number }[] = [{ id: root, i: 0 }];
    state.set(root, "open");
    path.push(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const outs = next.get(top.id) ?? [];
      if (top.i >= outs.length) {
        state.set(top.id, "done");
        stack.pop();
        path.pop();
        continue;
      }
      const n = outs[top.i++]!;
      const s = state.get(n);
      if (s === "open") return [...path.slice(path.indexOf(n)), n];
      if (s === undefined) {
        state.set(n, "open");
        path.push(n);
        stack.push({ id: n, i: 0 });
      }
    }
  }
  return undefined;
}

export interface PathProduct {
  id: string;
  productTypeId: string;
  kind: string;
  term: string;
  isTrial: boolean;
  name: string;
}

/**
 * Validates a new declared edge against the existing ones: both base products of one product
 * type (R-UPG-06), the same term when the type says so (R-UPG-02), never to a trial (R-TRL-01),
 * no duplicate and no cycle (R-UPG-06: a path that chains back would make A both upgrade and
 * downgrade of B).
 */
export function checkUpgradePath(
  existing: readonly Edge[],
  from: PathProduct,
  to: PathProduct,
  options: { sameTermOnly: boolean },
): Violation[] {
  const v: Violation[] = [];
  if (from.id === to.id)
    v.push({
      code: "R-UPG-06",
      message: "A product cannot be an upgrade of itself.",
      details: { from: from.id },
    });
  if (from.productTypeId !== to.productTypeId)
    v.push({
      code: "R-UPG-06",
      message: `An upgrade path cannot cross product types: ${from.name} and ${to.name} belong to different product types.`,
      details: { from: from.id, to: to.id },
    });
  if (from.kind !== "base" || to.kind !== "base")
    v.push({
      code: "R-UPG-06",
      message: "Upgrade paths join base products, not add-ons.",
      details: { from: from.id, to: to.id },
    });
  if (options.sameTermOnly && from.term !== to.term)
    v.push({
      code: "R-UPG-02",
      message: `Upgrades are only possible between products with the same billing term (${from.term} → ${to.term}).`,
      details: { from: from.id, to: to.id },
    });
  if (to.isTrial)
    v.push({
      code: "R-TRL-01",
      message: "A trial cannot be the target of an upgrade.",
      details: { to: to.id },
    });
  if (existing.some((e) => e.from === from.id && e.to === to.id))
    v.push({
      code: "R-UPG-06",
      message: `${to.name} is already an upgrade of ${from.name}.`,
      details: { from: from.id, to: to.id },
    });
  else if (v.length === 0) {
    const cycle = findCycle([...existing, { from: from.id, to: to.id }]);
    if (cycle)
      v.push({
        code: "R-UPG-06",
        message: `${to.name} is already a downgrade of ${from.name}; this path would make a cycle.`,
        details: { cycle },
      });
  }
  return v;
}

/** Where a unit price came from (price lists, R-TEN-02 fallbacks). */
export type PriceSource = "entry" | "markup" | "list_price";

export interface PriceInput {
  product: { listPrice: bigint; cost: bigint; currency: string };
  list?: { currency: string; markupBasisPoints: number | null } | undefined;
  entry?: { unitPrice: bigint; cost: bigint | null } | undefined;
}

/** cost × (1 + bp/10000), rounded half-up to the minor unit. */
export function applyMarkup(cost: bigint, basisPoints: number): bigint {
  if (!Number.isInteger(basisPoints) || basisPoints < -10_000)
    throw new RangeError(`markup must be a whole number of basis points ≥ -10000, got ${basisPoints}`);
  return divRound(cost * BigInt(10_000 + basisPoints), 10_000n, "half-up");
}

/**
 * Price resolution: the list's entry for the product; else the list's markup over the
 * product's cost (same currency only); else the product's list price.
 */
export function resolveUnitPrice(input: PriceInput): {
  amount: bigint;
  currency: string;
  source: PriceSource;
} {
  const { product, list, entry } = input;
  if (list && entry) return { amount: entry.unitPrice, currency: list.currency, source: "entry" };
  if (list && list.markupBasisPoints !== null && list.currency === product.currency)
    return {
      amount: applyMarkup(product.cost, list.markupBasisPoints),
      currency: list.currency,
      source: "markup",
    };
  return { amount: product.listPrice, currency: product.currency, source: "list_price" };
}
