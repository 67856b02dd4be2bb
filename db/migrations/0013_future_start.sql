DROP INDEX "subscriptions_exclusive_live_uq";--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "start_date" date;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "awaiting_start" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_exclusive_live_uq" ON "subscriptions" USING btree ("tenant_id","exclusive_key") WHERE "subscriptions"."exclusive_key" is not null and ("subscriptions"."status" in ('active', 'suspended', 'pending_for_cancel') or ("subscriptions"."status" = 'inactive' and "subscriptions"."awaiting_start"));--> statement-breakpoint
-- Copies made before this migration that still wait for a start date ahead (R-TEN-02): Inactive in
-- their first term and never set Inactive by a run (startDueCopies' old test, without its date).
UPDATE "subscriptions" s SET "awaiting_start" = true
WHERE s."managed_by_tenant_id" is not null and s."status" = 'inactive' and s."term_index" = 0
  and s."term_start_date" = s."start_date"
  and not exists (select 1 from "subscription_history" h
                  where h."tenant_id" = s."tenant_id" and h."subscription_id" = s."id"
                    and h."action" in ('inactivated', 'trial_expired'));
