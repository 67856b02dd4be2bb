CREATE TABLE "provisioning_states" (
	"tenant_id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"external_id" text,
	"last_action" text,
	"last_calls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"last_synced_at" timestamp with time zone,
	"drift_status" text,
	"drift_differences" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"drift_checked_at" timestamp with time zone,
	CONSTRAINT "provisioning_states_pk" PRIMARY KEY("tenant_id","subscription_id")
);
--> statement-breakpoint
ALTER TABLE "billing_charges" DROP CONSTRAINT "billing_charges_kind_ck";--> statement-breakpoint
CREATE INDEX "provisioning_states_drift_idx" ON "provisioning_states" USING btree ("tenant_id","drift_status");--> statement-breakpoint
ALTER TABLE "billing_charges" ADD CONSTRAINT "billing_charges_kind_ck" CHECK ("billing_charges"."kind" in ('recurring', 'increase', 'upgrade', 'downgrade', 'addon', 'price_change', 'credit'));