CREATE TABLE "billing_accounts" (
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"billing_day" text DEFAULT 'anniversary' NOT NULL,
	"prorate" boolean DEFAULT true NOT NULL,
	"no_proration_product_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"partial_charges" text DEFAULT 'order_day' NOT NULL,
	"currency" text,
	"tax_rate_basis_points" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "billing_accounts_pk" PRIMARY KEY("tenant_id","account_id"),
	CONSTRAINT "billing_accounts_day_ck" CHECK ("billing_accounts"."billing_day" in ('anniversary', 'first')),
	CONSTRAINT "billing_accounts_partial_ck" CHECK ("billing_accounts"."partial_charges" in ('order_day', 'billing_day')),
	CONSTRAINT "billing_accounts_tax_ck" CHECK ("billing_accounts"."tax_rate_basis_points" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "billing_charges" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"bill_to_account_id" text NOT NULL,
	"item_id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"addon_id" text,
	"product_id" text NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"days" integer NOT NULL,
	"period_days" integer NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" bigint NOT NULL,
	"periods_per_term" integer NOT NULL,
	"discount_basis_points" integer NOT NULL,
	"installment_no" integer,
	"prorated" boolean NOT NULL,
	"amount" bigint NOT NULL,
	"tax_rate_basis_points" integer NOT NULL,
	"tax" bigint NOT NULL,
	"currency" text NOT NULL,
	"explanation" text NOT NULL,
	"credited_amount" bigint DEFAULT 0 NOT NULL,
	"credits_charge_id" text,
	"dedupe_key" text NOT NULL,
	"invoice_on" date NOT NULL,
	"document_id" text,
	"source" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "billing_charges_tenant_id_uq" UNIQUE("tenant_id","id"),
	CONSTRAINT "billing_charges_kind_ck" CHECK ("billing_charges"."kind" in ('recurring', 'first', 'increase', 'upgrade', 'downgrade', 'addon', 'credit')),
	CONSTRAINT "billing_charges_sign_ck" CHECK (("billing_charges"."kind" = 'credit' and "billing_charges"."amount" <= 0 and "billing_charges"."credits_charge_id" is not null) or ("billing_charges"."kind" <> 'credit' and "billing_charges"."amount" >= 0 and "billing_charges"."credits_charge_id" is null)),
	CONSTRAINT "billing_charges_credited_ck" CHECK ("billing_charges"."credited_amount" >= 0 and "billing_charges"."credited_amount" <= greatest("billing_charges"."amount", 0)),
	CONSTRAINT "billing_charges_dates_ck" CHECK ("billing_charges"."period_start" <= "billing_charges"."from_date" and "billing_charges"."from_date" <= "billing_charges"."to_date" and "billing_charges"."to_date" <= "billing_charges"."period_end"),
	CONSTRAINT "billing_charges_days_ck" CHECK ("billing_charges"."days" between 1 and "billing_charges"."period_days")
);
--> statement-breakpoint
CREATE TABLE "billing_counters" (
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "billing_counters_pk" PRIMARY KEY("tenant_id","kind")
);
--> statement-breakpoint
CREATE TABLE "billing_documents" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"seq" integer NOT NULL,
	"number" text NOT NULL,
	"account_id" text NOT NULL,
	"issue_date" date NOT NULL,
	"currency" text NOT NULL,
	"net" bigint NOT NULL,
	"tax" bigint NOT NULL,
	"gross" bigint NOT NULL,
	"line_count" integer NOT NULL,
	"run_id" text,
	"source" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "billing_documents_tenant_id_uq" UNIQUE("tenant_id","id"),
	CONSTRAINT "billing_documents_kind_ck" CHECK ("billing_documents"."kind" in ('invoice', 'credit_note')),
	CONSTRAINT "billing_documents_sum_ck" CHECK ("billing_documents"."gross" = "billing_documents"."net" + "billing_documents"."tax"),
	CONSTRAINT "billing_documents_sign_ck" CHECK (("billing_documents"."kind" = 'invoice' and "billing_documents"."net" >= 0) or ("billing_documents"."kind" = 'credit_note' and "billing_documents"."net" <= 0)),
	CONSTRAINT "billing_documents_seq_ck" CHECK ("billing_documents"."seq" >= 1)
);
--> statement-breakpoint
CREATE TABLE "billing_items" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"bill_to_account_id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"addon_id" text,
	"product_id" text NOT NULL,
	"description" text NOT NULL,
	"term" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" bigint NOT NULL,
	"discount_basis_points" integer DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"cycle_anchor" date NOT NULL,
	"next_period_start" date NOT NULL,
	"ends_on" date,
	"next_unit_price" bigint,
	"next_discount_basis_points" integer,
	"next_price_from" date,
	"excluded_installments" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "billing_items_tenant_id_uq" UNIQUE("tenant_id","id"),
	CONSTRAINT "billing_items_term_ck" CHECK ("billing_items"."term" in ('MCMB', 'AC1M', 'AC1Y')),
	CONSTRAINT "billing_items_status_ck" CHECK ("billing_items"."status" in ('active', 'ended')),
	CONSTRAINT "billing_items_quantity_ck" CHECK ("billing_items"."quantity" >= 1),
	CONSTRAINT "billing_items_money_ck" CHECK ("billing_items"."unit_price" >= 0 and coalesce("billing_items"."next_unit_price", 0) >= 0),
	CONSTRAINT "billing_items_discount_ck" CHECK ("billing_items"."discount_basis_points" between 0 and 10000),
	CONSTRAINT "billing_items_excluded_ck" CHECK ("billing_items"."excluded_installments" between 0 and 12)
);
--> statement-breakpoint
CREATE TABLE "billing_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"run_date" date NOT NULL,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"accounts_total" integer DEFAULT 0 NOT NULL,
	"accounts_done" integer DEFAULT 0 NOT NULL,
	"changes_applied" integer DEFAULT 0 NOT NULL,
	"renewed" integer DEFAULT 0 NOT NULL,
	"inactivated" integer DEFAULT 0 NOT NULL,
	"charges_created" integer DEFAULT 0 NOT NULL,
	"documents_created" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "billing_runs_status_ck" CHECK ("billing_runs"."status" in ('running', 'completed', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "billing_charges" ADD CONSTRAINT "billing_charges_item_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."billing_items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_charges" ADD CONSTRAINT "billing_charges_credits_fk" FOREIGN KEY ("tenant_id","credits_charge_id") REFERENCES "public"."billing_charges"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_items" ADD CONSTRAINT "billing_items_sub_fk" FOREIGN KEY ("tenant_id","subscription_id") REFERENCES "public"."subscriptions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_charges_dedupe_uq" ON "billing_charges" USING btree ("tenant_id","dedupe_key");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_charges_recurring_uq" ON "billing_charges" USING btree ("item_id","period_start") WHERE "billing_charges"."kind" = 'recurring';--> statement-breakpoint
CREATE INDEX "billing_charges_item_idx" ON "billing_charges" USING btree ("tenant_id","item_id","period_start");--> statement-breakpoint
CREATE INDEX "billing_charges_sub_idx" ON "billing_charges" USING btree ("tenant_id","subscription_id");--> statement-breakpoint
CREATE INDEX "billing_charges_uninvoiced_idx" ON "billing_charges" USING btree ("tenant_id","bill_to_account_id","invoice_on") WHERE "billing_charges"."document_id" is null;--> statement-breakpoint
CREATE INDEX "billing_charges_document_idx" ON "billing_charges" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_documents_seq_uq" ON "billing_documents" USING btree ("tenant_id","kind","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_documents_number_uq" ON "billing_documents" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE INDEX "billing_documents_account_idx" ON "billing_documents" USING btree ("tenant_id","account_id","issue_date");--> statement-breakpoint
CREATE INDEX "billing_documents_date_idx" ON "billing_documents" USING btree ("tenant_id","issue_date");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_items_base_uq" ON "billing_items" USING btree ("subscription_id") WHERE "billing_items"."addon_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_items_addon_uq" ON "billing_items" USING btree ("addon_id") WHERE "billing_items"."addon_id" is not null;--> statement-breakpoint
CREATE INDEX "billing_items_due_idx" ON "billing_items" USING btree ("tenant_id","next_period_start","bill_to_account_id") WHERE "billing_items"."status" = 'active';--> statement-breakpoint
CREATE INDEX "billing_items_bill_to_idx" ON "billing_items" USING btree ("tenant_id","bill_to_account_id");--> statement-breakpoint
CREATE INDEX "billing_runs_tenant_idx" ON "billing_runs" USING btree ("tenant_id","run_date");