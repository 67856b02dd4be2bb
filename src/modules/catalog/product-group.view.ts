import type { GroupRow } from "./storefront.repo.ts";

/** A product group offers several plans of one service together in a Storefront (R-CAT-07). */
export interface ProductGroup {
  id: string;
  name: string;
  description: string | null;
  productIds: string[];
  createdAt: Date;
}

export const toProductGroup = (r: GroupRow): ProductGroup => ({ ...r });
