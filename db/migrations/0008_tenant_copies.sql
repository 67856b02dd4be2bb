CREATE TABLE "distribution_events" (
	"id" text PRIMARY KEY NOT NULL,
	"distributor_tenant_id" text NOT NULL,
	"source_tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"source_id" text NOT NULL,
	"copy_id" text,
	"outcome" text NOT NULL,
	"summary" text NOT NULL,
	"applied_at" timestamp with time zone NOT NULL,
	CONSTRAINT "distribution_events_kind_ck" CHECK ("distribution_events"."kind" in ('subscription', 'account')),
	CONSTRAINT "distribution_events_outcome_ck" CHECK ("distribution_events"."outcome" in ('created', 'updated', 'unchanged', 'skipped'))
);
--> statement-breakpoint
CREATE TABLE "distribution_settings" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"distributor_tenant_id" text NOT NULL,
	"back_ordering" boolean DEFAULT false NOT NULL,
	"activated_at" timestamp with time zone,
	"activated_by" text,
	"activation" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "distribution_settings_active_ck" CHECK (not "distribution_settings"."back_ordering" or "distribution_settings"."activated_at" is not null)
);
--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_channel_ck";--> statement-breakpoint
ALTER TABLE "subscriptions" DROP CONSTRAINT "subscriptions_channel_ck";--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "bill_to_account_id" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "managed_by_tenant_id" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "source_subscription_id" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "subscription_type" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "bill_to_contact_id" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "managed_by_tenant_id" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "source_account_id" text;--> statement-breakpoint
CREATE INDEX "distribution_events_source_idx" ON "distribution_events" USING btree ("source_tenant_id","source_id");--> statement-breakpoint
CREATE INDEX "distribution_settings_distributor_idx" ON "distribution_settings" USING btree ("distributor_tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_copy_source_uq" ON "subscriptions" USING btree ("tenant_id","source_subscription_id") WHERE "subscriptions"."source_subscription_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_copy_source_uq" ON "accounts" USING btree ("tenant_id","source_account_id") WHERE "accounts"."source_account_id" is not null;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_channel_ck" CHECK ("orders"."channel" in ('bss', 'storefront', 'tenant'));--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_copy_ck" CHECK (("subscriptions"."managed_by_tenant_id" is null) = ("subscriptions"."source_subscription_id" is null));--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_channel_ck" CHECK ("subscriptions"."channel" in ('bss', 'storefront', 'tenant'));--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_copy_ck" CHECK (("accounts"."managed_by_tenant_id" is null) = ("accounts"."source_account_id" is null));