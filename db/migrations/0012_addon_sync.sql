ALTER TABLE "subscription_addons" ADD COLUMN "sync_status" text DEFAULT 'synchronized' NOT NULL;--> statement-breakpoint
ALTER TABLE "subscription_addons" ADD COLUMN "sync_error" text;--> statement-breakpoint
ALTER TABLE "subscription_addons" ADD CONSTRAINT "subscription_addons_sync_status_ck" CHECK ("subscription_addons"."sync_status" in ('unsynchronized', 'pending', 'synchronized', 'failed'));--> statement-breakpoint
-- Existing add-ons take their subscription's state: never provisioned stays so; a subscription
-- still waiting for the vendor waits for its add-ons too (its confirmation settles them).
UPDATE "subscription_addons" a SET "sync_status" = s."sync_status"
FROM "subscriptions" s
WHERE s."tenant_id" = a."tenant_id" AND s."id" = a."subscription_id"
  AND s."sync_status" IN ('unsynchronized', 'pending');
