CREATE TABLE "price_protection_terms" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"product_id" text,
	"product_type_id" text,
	"currency" text NOT NULL,
	"term" text NOT NULL,
	"months" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "price_protection_terms_tenant_id_uq" UNIQUE("tenant_id","id"),
	CONSTRAINT "price_protection_terms_one_ck" CHECK (("price_protection_terms"."product_id" is null) <> ("price_protection_terms"."product_type_id" is null)),
	CONSTRAINT "price_protection_terms_term_ck" CHECK ("price_protection_terms"."term" in ('MCMB', 'AC1M', 'AC1Y')),
	CONSTRAINT "price_protection_terms_months_ck" CHECK ("price_protection_terms"."months" between 0 and 120),
	CONSTRAINT "price_protection_terms_currency_ck" CHECK ("price_protection_terms"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
ALTER TABLE "subscription_addons" ADD COLUMN "price_user_defined" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "subscription_addons" ADD COLUMN "price_protected_until" date;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "price_user_defined" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "price_protected_until" date;--> statement-breakpoint
ALTER TABLE "price_protection_terms" ADD CONSTRAINT "price_protection_terms_product_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_protection_terms" ADD CONSTRAINT "price_protection_terms_type_fk" FOREIGN KEY ("tenant_id","product_type_id") REFERENCES "public"."product_types"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "price_protection_terms_product_uq" ON "price_protection_terms" USING btree ("tenant_id","product_id","currency","term") WHERE "price_protection_terms"."product_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "price_protection_terms_type_uq" ON "price_protection_terms" USING btree ("tenant_id","product_type_id","currency","term") WHERE "price_protection_terms"."product_type_id" is not null;--> statement-breakpoint
-- R-PRC-01 (issue 14): a price set by hand before this migration is user-defined too — the latest
-- Edit Pricing Info record of the subscription set a unit price (it clears the price list).
UPDATE "subscriptions" s SET "price_user_defined" = true
FROM (
  SELECT DISTINCT ON (h.tenant_id, h.subscription_id) h.tenant_id, h.subscription_id, h.changes
  FROM "subscription_history" h
  WHERE h.action = 'pricing_changed'
  ORDER BY h.tenant_id, h.subscription_id, h.seq DESC
) last
WHERE last.tenant_id = s.tenant_id AND last.subscription_id = s.id AND s.price_list_id IS NULL
  AND (last.changes -> 'priceListId' ->> 'from' IS NOT NULL
    OR (last.changes -> 'unitPrice' ->> 'from') IS DISTINCT FROM (last.changes -> 'unitPrice' ->> 'to'));
