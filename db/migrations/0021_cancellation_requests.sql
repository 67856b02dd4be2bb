CREATE TABLE "cancellation_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"addon_id" text,
	"account_id" text NOT NULL,
	"quantity" integer,
	"mode" text NOT NULL,
	"instructions" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text NOT NULL,
	"estimated_credit" bigint,
	"currency" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_on" date NOT NULL,
	"submitted_by_user_id" text,
	"submitted_by_email" text,
	"decided_at" timestamp with time zone,
	"decided_by_user_id" text,
	"decided_by" text,
	"decision_reason" text,
	"result" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "cancellation_requests_status_ck" CHECK ("cancellation_requests"."status" in ('pending', 'approved', 'rejected', 'withdrawn')),
	CONSTRAINT "cancellation_requests_mode_ck" CHECK ("cancellation_requests"."mode" in ('immediate', 'end_of_billing_period')),
	CONSTRAINT "cancellation_requests_reason_ck" CHECK ("cancellation_requests"."reason" in ('not_automatic', 'above_threshold')),
	CONSTRAINT "cancellation_requests_quantity_ck" CHECK ("cancellation_requests"."quantity" is null or "cancellation_requests"."quantity" >= 1),
	CONSTRAINT "cancellation_requests_decided_ck" CHECK (("cancellation_requests"."status" = 'pending') = ("cancellation_requests"."decided_at" is null)),
	CONSTRAINT "cancellation_requests_rejected_ck" CHECK ("cancellation_requests"."status" <> 'rejected' or length(trim(coalesce("cancellation_requests"."decision_reason", ''))) > 0)
);
--> statement-breakpoint
ALTER TABLE "product_types" ADD COLUMN "auto_cancel_subscriptions" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "product_types" ADD COLUMN "auto_cancel_addons" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "product_types" ADD COLUMN "cancel_threshold" bigint;--> statement-breakpoint
ALTER TABLE "product_types" ADD COLUMN "cancel_threshold_currency" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "cancellation_requests" ADD CONSTRAINT "cancellation_requests_sub_fk" FOREIGN KEY ("tenant_id","subscription_id") REFERENCES "public"."subscriptions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cancellation_requests_tenant_idx" ON "cancellation_requests" USING btree ("tenant_id","status","submitted_at");--> statement-breakpoint
CREATE INDEX "cancellation_requests_sub_idx" ON "cancellation_requests" USING btree ("tenant_id","subscription_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cancellation_requests_pending_uq" ON "cancellation_requests" USING btree ("tenant_id","subscription_id",coalesce("addon_id", '')) WHERE "cancellation_requests"."status" = 'pending';--> statement-breakpoint
ALTER TABLE "product_types" ADD CONSTRAINT "product_types_cancel_threshold_ck" CHECK (("product_types"."cancel_threshold" is null) = ("product_types"."cancel_threshold_currency" is null) and coalesce("product_types"."cancel_threshold", 0) >= 0);