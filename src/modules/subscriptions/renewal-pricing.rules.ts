import { addMonths, parseDate } from "../../shared/dates.ts";
import { formatAmount } from "../../shared/money.ts";

/**
 * R-PRC-01 / R-PRC-02 (issue 14), pure: the unit price and cost a subscription (or an add-on)
 * renews with. In order: a user-defined price (Edit Pricing Info `unitPrice`) is never repriced;
 * a protected price (its anniversary after the new term's first day) is kept; without a current
 * price in its own currency the old price is kept (R-PRC-03: never converted); otherwise the
 * current price and cost apply and a new protection term starts when one is configured.
 */

export interface RenewalPricingInput {
  unitPrice: bigint;
  unitCost: bigint;
  currency: string;
  userDefined: boolean;
  /** The protection anniversary (YYYY-MM-DD) or null. */
  protectedUntil: string | null;
  /** The first day of the new term. */
  termStart: string;
  /** The current price of its price list (else the list price) and the product's cost. */
  current: { amount: bigint; cost: bigint; currency: string } | undefined;
  /** The protection months configured now for (product, currency, term); 0 = off. */
  protectionMonths: number;
}

export type RenewalPriceReason = "user_defined" | "protected" | "no_price_in_currency" | "current_price";

export interface RenewalPricing {
  unitPrice: bigint;
  unitCost: bigint;
  protectedUntil: string | null;
  reason: RenewalPriceReason;
}

export const isProtectedOn = (protectedUntil: string | null, day: string): boolean =>
  protectedUntil !== null && protectedUntil > day;

export function renewalPrice(input: RenewalPricingInput): RenewalPricing {
  const keep = (reason: RenewalPriceReason): RenewalPricing => ({
    unitPrice: input.unitPrice,
    unitCost: input.unitCost,
    protectedUntil: input.protectedUntil,
    reason,
  });
  if (input.userDefined) return keep("user_defined");
  if (isProtectedOn(input.protectedUntil, input.termStart)) return keep("protected");
  if (!input.current || input.current.currency !== input.currency) return keep("no_price_in_currency");
  return {
    unitPrice: input.current.amount,
    unitCost: input.current.cost,
    protectedUntil:
      input.protectionMonths > 0
        ? addMonths(parseDate(input.termStart), input.protectionMonths).toString()
        : null,
    reason: "current_price",
  };
}

/** The renewal's words about the price, for its history record ("at 12.00 (was 10.00)"). */
export function describeRenewalPrice(
  before: { unitPrice: bigint; currency: string },
  after: RenewalPricing,
): string {
  const fmt = (v: bigint) => formatAmount(v, before.currency);
  const at = fmt(after.unitPrice);
  switch (after.reason) {
    case "user_defined":
      return `at ${at} (a user-defined price, not repriced — R-PRC-01)`;
    case "protected":
      return `at ${at} (price protected until ${after.protectedUntil} — R-PRC-02)`;
    case "no_price_in_currency":
      return `at ${at}: no current price in ${before.currency} any more, the price is kept (R-PRC-03)`;
    case "current_price": {
      const was = after.unitPrice === before.unitPrice ? "unchanged" : `was ${fmt(before.unitPrice)}`;
      const until = after.protectedUntil ? `; price protected until ${after.protectedUntil}` : "";
      return `at ${at} (${was})${until}`;
    }
  }
}
