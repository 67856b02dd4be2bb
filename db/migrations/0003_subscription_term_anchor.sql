ALTER TABLE "subscriptions" ADD COLUMN "term_anchor_date" date;--> statement-breakpoint
-- Existing subscriptions: their current term is term 0 of a new anchor.
UPDATE "subscriptions" SET "term_anchor_date" = "term_start_date";--> statement-breakpoint
ALTER TABLE "subscriptions" ALTER COLUMN "term_anchor_date" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "term_index" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_term_index_ck" CHECK ("subscriptions"."term_index" >= 0 and "subscriptions"."term_anchor_date" <= "subscriptions"."term_start_date");
