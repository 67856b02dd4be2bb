import type { ProductSummary } from "./catalog.types.ts";

export interface PriceListEntry {
  product: ProductSummary;
  currency: string;
  unitPrice: bigint;
  cost: bigint | null;
  listPrice: bigint;
  updatedAt: Date;
}

export interface EntryInput {
  productId: string;
  unitPrice: string;
  cost?: string | null | undefined;
}
