CREATE TABLE "promotion_products" (
	"tenant_id" text NOT NULL,
	"promotion_id" text NOT NULL,
	"product_id" text NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "promotion_products_pk" PRIMARY KEY("promotion_id","role","product_id"),
	CONSTRAINT "promotion_products_role_ck" CHECK ("promotion_products"."role" in ('eligible', 'prerequisite'))
);
--> statement-breakpoint
CREATE TABLE "promotions" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"start_date" date NOT NULL,
	"end_date" date,
	"terms" jsonb NOT NULL,
	"kind" text NOT NULL,
	"cycles" integer,
	"value_type" text NOT NULL,
	"amount" bigint,
	"currency" text,
	"basis_points" integer,
	"new_customers_only" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "promotions_tenant_id_uq" UNIQUE("tenant_id","id"),
	CONSTRAINT "promotions_dates_ck" CHECK ("promotions"."end_date" is null or "promotions"."end_date" >= "promotions"."start_date" - 1),
	CONSTRAINT "promotions_kind_ck" CHECK ("promotions"."kind" in ('one_time', 'recurring', 'limited_recurring')),
	CONSTRAINT "promotions_cycles_ck" CHECK (("promotions"."kind" = 'limited_recurring' and "promotions"."cycles" between 1 and 1000) or ("promotions"."kind" <> 'limited_recurring' and "promotions"."cycles" is null)),
	CONSTRAINT "promotions_value_ck" CHECK (("promotions"."value_type" = 'monetary' and "promotions"."amount" > 0 and "promotions"."currency" is not null and "promotions"."basis_points" is null) or ("promotions"."value_type" = 'percentage' and "promotions"."basis_points" between 1 and 10000 and "promotions"."amount" is null and "promotions"."currency" is null))
);
--> statement-breakpoint
ALTER TABLE "billing_charges" ADD COLUMN "promotion_id" text;--> statement-breakpoint
ALTER TABLE "billing_charges" ADD COLUMN "promotion_name" text;--> statement-breakpoint
ALTER TABLE "billing_charges" ADD COLUMN "promotion_value_type" text;--> statement-breakpoint
ALTER TABLE "billing_charges" ADD COLUMN "promotion_value" bigint;--> statement-breakpoint
ALTER TABLE "billing_items" ADD COLUMN "promotion_id" text;--> statement-breakpoint
ALTER TABLE "billing_items" ADD COLUMN "promotion_name" text;--> statement-breakpoint
ALTER TABLE "billing_items" ADD COLUMN "promotion_value_type" text;--> statement-breakpoint
ALTER TABLE "billing_items" ADD COLUMN "promotion_value" bigint;--> statement-breakpoint
ALTER TABLE "billing_items" ADD COLUMN "promotion_until" date;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "promotion_id" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "promotion" jsonb;--> statement-breakpoint
ALTER TABLE "promotion_products" ADD CONSTRAINT "promotion_products_promotion_fk" FOREIGN KEY ("tenant_id","promotion_id") REFERENCES "public"."promotions"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_products" ADD CONSTRAINT "promotion_products_product_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "promotion_products_product_idx" ON "promotion_products" USING btree ("tenant_id","product_id","role");--> statement-breakpoint
CREATE INDEX "promotions_dates_idx" ON "promotions" USING btree ("tenant_id","start_date","end_date");--> statement-breakpoint
ALTER TABLE "billing_items" ADD CONSTRAINT "billing_items_promotion_ck" CHECK ("billing_items"."promotion_id" is null or ("billing_items"."promotion_name" is not null and "billing_items"."promotion_value" > 0 and "billing_items"."promotion_value_type" in ('monetary', 'percentage') and ("billing_items"."promotion_value_type" = 'monetary' or "billing_items"."promotion_value" <= 10000)));