ALTER TABLE "accounts" ADD COLUMN "payment_method" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "locks_customer_approval" boolean GENERATED ALWAYS AS (coalesce(kind = 'reseller' and edition = 'standard' and payment_method = 'credit_card', false)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "order_approval_locked" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- R-PAY-02: existing resellers pay by Cash (the default; locks nothing, so no customer changes).
UPDATE "accounts" SET "payment_method" = 'cash' WHERE "kind" = 'reseller';--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_tenant_id_lock_uq" UNIQUE("tenant_id","id","locks_customer_approval");--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_parent_lock_fk" FOREIGN KEY ("tenant_id","parent_account_id","order_approval_locked") REFERENCES "public"."accounts"("tenant_id","id","locks_customer_approval") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_payment_method_ck" CHECK (("accounts"."kind" = 'reseller' and "accounts"."payment_method" in ('credit_card', 'cash', 'deposit')) or ("accounts"."kind" <> 'reseller' and "accounts"."payment_method" is null));--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_approval_lock_ck" CHECK (not "accounts"."order_approval_locked" or "accounts"."order_approval");
