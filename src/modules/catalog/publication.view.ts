import type { PublicationRow } from "./storefront.repo.ts";

export interface Publication {
  id: string;
  resellerAccountId: string;
  productId: string | null;
  productGroupId: string | null;
  publishedAt: Date;
}

export const toPublication = (r: PublicationRow): Publication => ({
  id: r.id,
  resellerAccountId: r.resellerAccountId,
  productId: r.productId,
  productGroupId: r.productGroupId,
  publishedAt: r.publishedAt,
});
