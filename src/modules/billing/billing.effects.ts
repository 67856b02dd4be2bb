import type { Tx } from "../../shared/db.ts";
import { type BillingEffect, emptyEffect } from "./billing.types.ts";

/**
 * The money a command's transaction wrote, collected per transaction: a command's outcome (its
 * preview as well as its commit) shows exactly the lines and documents that transaction wrote.
 * Keyed by the transaction object, so nothing outlives it.
 */
const byTransaction = new WeakMap<object, BillingEffect>();

export function recordEffect(tx: Tx, effect: BillingEffect): BillingEffect {
  const current = byTransaction.get(tx) ?? emptyEffect();
  current.charges.push(...effect.charges);
  current.documents.push(...effect.documents);
  byTransaction.set(tx, current);
  return effect;
}

/** What billing wrote in this transaction so far (empty when nothing). */
export function billingEffectOf(tx: Tx): BillingEffect {
  const e = byTransaction.get(tx);
  return e ? { charges: [...e.charges], documents: [...e.documents] } : emptyEffect();
}
