CREATE TABLE "exclusive_set_members" (
	"set_id" text NOT NULL,
	"product_id" text NOT NULL,
	CONSTRAINT "exclusive_set_members_set_id_product_id_pk" PRIMARY KEY("set_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "exclusive_sets" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"scope" text NOT NULL,
	"product_type_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exclusive_sets_scope_ck" CHECK ("exclusive_sets"."scope" in ('admin_email', 'subscription'))
);
--> statement-breakpoint
CREATE TABLE "price_list_entries" (
	"price_list_id" text NOT NULL,
	"tenant_id" text NOT NULL,
	"product_id" text NOT NULL,
	"unit_price" bigint NOT NULL,
	"cost" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_list_entries_price_list_id_product_id_pk" PRIMARY KEY("price_list_id","product_id"),
	CONSTRAINT "price_list_entries_money_ck" CHECK ("price_list_entries"."unit_price" >= 0 and ("price_list_entries"."cost" is null or "price_list_entries"."cost" >= 0))
);
--> statement-breakpoint
CREATE TABLE "price_lists" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"currency" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"owner_account_id" text,
	"markup_basis_points" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_lists_tenant_id_uq" UNIQUE("tenant_id","id"),
	CONSTRAINT "price_lists_markup_ck" CHECK ("price_lists"."markup_basis_points" is null or "price_lists"."markup_basis_points" >= -10000)
);
--> statement-breakpoint
CREATE TABLE "product_addons" (
	"tenant_id" text NOT NULL,
	"parent_product_id" text NOT NULL,
	"addon_product_id" text NOT NULL,
	CONSTRAINT "product_addons_parent_product_id_addon_product_id_pk" PRIMARY KEY("parent_product_id","addon_product_id"),
	CONSTRAINT "product_addons_self_ck" CHECK ("product_addons"."parent_product_id" <> "product_addons"."addon_product_id")
);
--> statement-breakpoint
CREATE TABLE "product_group_members" (
	"group_id" text NOT NULL,
	"product_id" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "product_group_members_group_id_product_id_pk" PRIMARY KEY("group_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "product_groups" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_types" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"service_manager_instance_id" text,
	"policies" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_types_tenant_id_uq" UNIQUE("tenant_id","id"),
	CONSTRAINT "product_types_status_ck" CHECK ("product_types"."status" in ('active', 'retired'))
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"product_type_id" text NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"kind" text NOT NULL,
	"term" text NOT NULL,
	"is_trial" boolean DEFAULT false NOT NULL,
	"trial_days" integer,
	"trial_paid_product_id" text,
	"included_licences" integer DEFAULT 0 NOT NULL,
	"min_quantity" integer DEFAULT 1 NOT NULL,
	"max_quantity" integer,
	"list_price" bigint NOT NULL,
	"cost" bigint NOT NULL,
	"currency" text NOT NULL,
	"characteristics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"policies" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"excluded_from_proration" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"definition_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_tenant_id_uq" UNIQUE("tenant_id","id"),
	CONSTRAINT "products_kind_ck" CHECK ("products"."kind" in ('base', 'addon')),
	CONSTRAINT "products_term_ck" CHECK ("products"."term" in ('MCMB', 'AC1M', 'AC1Y')),
	CONSTRAINT "products_status_ck" CHECK ("products"."status" in ('active', 'retired')),
	CONSTRAINT "products_money_ck" CHECK ("products"."list_price" >= 0 and "products"."cost" >= 0),
	CONSTRAINT "products_qty_ck" CHECK ("products"."min_quantity" >= 0 and ("products"."max_quantity" is null or "products"."max_quantity" >= "products"."min_quantity")),
	CONSTRAINT "products_trial_ck" CHECK (("products"."is_trial" and "products"."trial_days" > 0) or (not "products"."is_trial" and "products"."trial_days" is null)),
	CONSTRAINT "products_trial_term_ck" CHECK (not ("products"."is_trial" and "products"."term" = 'AC1M')),
	CONSTRAINT "products_trial_paid_ck" CHECK ("products"."trial_paid_product_id" is null or "products"."is_trial")
);
--> statement-breakpoint
CREATE TABLE "service_manager_instances" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"vendor" text NOT NULL,
	"name" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_manager_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"instance_id" text NOT NULL,
	"action" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer DEFAULT 0 NOT NULL,
	"log" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"summary" jsonb,
	"error" text,
	"requested_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "smr_status_ck" CHECK ("service_manager_runs"."status" in ('queued', 'running', 'succeeded', 'failed')),
	CONSTRAINT "smr_action_ck" CHECK ("service_manager_runs"."action" in ('get_services_definition'))
);
--> statement-breakpoint
CREATE TABLE "storefront_publications" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"reseller_account_id" text NOT NULL,
	"product_id" text,
	"product_group_id" text,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "storefront_pub_one_ck" CHECK (("storefront_publications"."product_id" is null) <> ("storefront_publications"."product_group_id" is null))
);
--> statement-breakpoint
CREATE TABLE "upgrade_paths" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"from_product_id" text NOT NULL,
	"to_product_id" text NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "upgrade_paths_self_ck" CHECK ("upgrade_paths"."from_product_id" <> "upgrade_paths"."to_product_id"),
	CONSTRAINT "upgrade_paths_source_ck" CHECK ("upgrade_paths"."source" in ('definition', 'manual'))
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"key" text NOT NULL,
	"template" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"html_body" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"transport" text,
	"provider_message_id" text,
	"error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "messages_status_ck" CHECK ("messages"."status" in ('queued', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "order_counters" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"last" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_events" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"order_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_user_id" text,
	"actor_kind" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"order_id" text NOT NULL,
	"position" integer NOT NULL,
	"product_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"billing_plan" text NOT NULL,
	"addons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"service_details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"unit_price" bigint,
	"unit_cost" bigint,
	"price_list_id" text,
	"subscription_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "order_lines_quantity_ck" CHECK ("order_lines"."quantity" >= 1),
	CONSTRAINT "order_lines_plan_ck" CHECK ("order_lines"."billing_plan" in ('monthly', 'one_off'))
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"number" integer,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"account_id" text,
	"reseller_account_id" text,
	"placed_by_user_id" text,
	"placed_by_kind" text NOT NULL,
	"on_behalf" boolean DEFAULT false NOT NULL,
	"currency" text NOT NULL,
	"order_date" date,
	"note" text,
	"rejection_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"approved_at" timestamp with time zone,
	"executed_at" timestamp with time zone,
	"canceled_at" timestamp with time zone,
	CONSTRAINT "orders_tenant_id_uq" UNIQUE("tenant_id","id"),
	CONSTRAINT "orders_status_ck" CHECK ("orders"."status" in ('draft', 'pending_reseller_approval', 'submitted', 'in_progress', 'executed', 'canceled')),
	CONSTRAINT "orders_channel_ck" CHECK ("orders"."channel" in ('bss', 'storefront')),
	CONSTRAINT "orders_number_ck" CHECK ("orders"."status" = 'draft' or "orders"."number" is not null),
	CONSTRAINT "orders_account_ck" CHECK ("orders"."status" = 'draft' or "orders"."account_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "scheduled_changes" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"kind" text NOT NULL,
	"effective_date" date NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"channel" text NOT NULL,
	"requested_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "scheduled_changes_kind_ck" CHECK ("scheduled_changes"."kind" in ('quantity_decrease', 'cancel_end_of_period', 'downgrade', 'renewal_request')),
	CONSTRAINT "scheduled_changes_status_ck" CHECK ("scheduled_changes"."status" in ('pending', 'applied', 'revoked'))
);
--> statement-breakpoint
CREATE TABLE "subscription_addons" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"product_id" text NOT NULL,
	"name" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" bigint NOT NULL,
	"unit_cost" bigint NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"added_date" date NOT NULL,
	"window_start_date" date NOT NULL,
	"canceled_date" date,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "subscription_addons_status_ck" CHECK ("subscription_addons"."status" in ('active', 'canceled')),
	CONSTRAINT "subscription_addons_quantity_ck" CHECK ("subscription_addons"."quantity" >= 1),
	CONSTRAINT "subscription_addons_canceled_ck" CHECK (("subscription_addons"."status" = 'canceled') = ("subscription_addons"."canceled_date" is not null))
);
--> statement-breakpoint
CREATE TABLE "subscription_history" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"tenant_id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"action" text NOT NULL,
	"channel" text NOT NULL,
	"actor_user_id" text,
	"actor_kind" text NOT NULL,
	"effective_date" date NOT NULL,
	"summary" text NOT NULL,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"reseller_account_id" text,
	"order_id" text,
	"order_line_id" text,
	"product_id" text NOT NULL,
	"product_type_id" text NOT NULL,
	"name" text NOT NULL,
	"quantity" integer NOT NULL,
	"term" text NOT NULL,
	"billing_plan" text NOT NULL,
	"unit_price" bigint NOT NULL,
	"unit_cost" bigint NOT NULL,
	"currency" text NOT NULL,
	"discount_basis_points" integer DEFAULT 0 NOT NULL,
	"price_list_id" text,
	"is_trial" boolean DEFAULT false NOT NULL,
	"trial_end_date" date,
	"order_date" date NOT NULL,
	"start_date" date NOT NULL,
	"activation_date" date,
	"term_start_date" date NOT NULL,
	"term_end_date" date NOT NULL,
	"window_start_date" date NOT NULL,
	"auto_renew" boolean DEFAULT true NOT NULL,
	"status" text NOT NULL,
	"sync_status" text DEFAULT 'unsynchronized' NOT NULL,
	"sync_error" text,
	"external_id" text,
	"admin_email" text,
	"exclusive_key" text,
	"service_details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"characteristics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"channel" text NOT NULL,
	"responsible_user_id" text,
	"parent_subscription_id" text,
	"pending_operation" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"canceled_at" timestamp with time zone,
	"cancel_effective_date" date,
	CONSTRAINT "subscriptions_tenant_id_uq" UNIQUE("tenant_id","id"),
	CONSTRAINT "subscriptions_status_ck" CHECK ("subscriptions"."status" in ('active', 'inactive', 'suspended', 'pending_for_cancel', 'canceled')),
	CONSTRAINT "subscriptions_sync_ck" CHECK ("subscriptions"."sync_status" in ('unsynchronized', 'pending', 'synchronized', 'failed')),
	CONSTRAINT "subscriptions_term_ck" CHECK ("subscriptions"."term" in ('MCMB', 'AC1M', 'AC1Y')),
	CONSTRAINT "subscriptions_plan_ck" CHECK ("subscriptions"."billing_plan" in ('monthly', 'one_off')),
	CONSTRAINT "subscriptions_channel_ck" CHECK ("subscriptions"."channel" in ('bss', 'storefront')),
	CONSTRAINT "subscriptions_quantity_ck" CHECK ("subscriptions"."quantity" >= 1),
	CONSTRAINT "subscriptions_money_ck" CHECK ("subscriptions"."unit_price" >= 0 and "subscriptions"."unit_cost" >= 0),
	CONSTRAINT "subscriptions_discount_ck" CHECK ("subscriptions"."discount_basis_points" between 0 and 10000),
	CONSTRAINT "subscriptions_dates_ck" CHECK ("subscriptions"."term_start_date" <= "subscriptions"."term_end_date"),
	CONSTRAINT "subscriptions_trial_ck" CHECK (("subscriptions"."is_trial") = ("subscriptions"."trial_end_date" is not null)),
	CONSTRAINT "subscriptions_canceled_ck" CHECK (("subscriptions"."status" = 'canceled') = ("subscriptions"."canceled_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"parent_account_id" text,
	"name" text NOT NULL,
	"edition" text,
	"storefront_alias" text,
	"order_approval" boolean DEFAULT true NOT NULL,
	"accounting_number" text,
	"email" text,
	"address" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"currency" text,
	"vendor_reseller_id" text,
	"represents_tenant_id" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_tenant_id_uq" UNIQUE("tenant_id","id"),
	CONSTRAINT "accounts_kind_ck" CHECK ("accounts"."kind" in ('reseller', 'end_customer', 'direct_customer')),
	CONSTRAINT "accounts_edition_ck" CHECK (("accounts"."kind" = 'reseller' and "accounts"."edition" in ('basic', 'standard')) or ("accounts"."kind" <> 'reseller' and "accounts"."edition" is null)),
	CONSTRAINT "accounts_parent_ck" CHECK (("accounts"."kind" = 'end_customer') = ("accounts"."parent_account_id" is not null)),
	CONSTRAINT "accounts_alias_ck" CHECK ("accounts"."storefront_alias" is null or ("accounts"."edition" = 'standard' and "accounts"."storefront_alias" ~ '^[a-z0-9][a-z0-9-]{1,39}$')),
	CONSTRAINT "accounts_status_ck" CHECK ("accounts"."status" in ('active', 'inactive'))
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"role" text DEFAULT 'admin' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_role_ck" CHECK ("api_keys"."role" in ('admin', 'clerk', 'viewer'))
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"phone" text,
	"is_primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" text NOT NULL,
	"tenant_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"parent_tenant_id" text,
	"parent_account_id" text,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenants_kind_ck" CHECK ("tenants"."kind" in ('distributor', 'tenant_reseller')),
	CONSTRAINT "tenants_parent_ck" CHECK (("tenants"."kind" = 'distributor' and "tenants"."parent_tenant_id" is null) or ("tenants"."kind" = 'tenant_reseller' and "tenants"."parent_tenant_id" is not null)),
	CONSTRAINT "tenants_parent_account_ck" CHECK (("tenants"."parent_tenant_id" is null) = ("tenants"."parent_account_id" is null))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_role_ck" CHECK (("users"."account_id" is null and "users"."role" in ('admin', 'clerk', 'viewer')) or ("users"."account_id" is not null and "users"."role" in ('storefront_admin', 'storefront_user')))
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"tenant_id" text,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"queue" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "jobs_status_ck" CHECK ("jobs"."status" in ('pending', 'running', 'done', 'dead')),
	CONSTRAINT "jobs_attempts_ck" CHECK ("jobs"."attempts" >= 0 and ("jobs"."max_attempts" is null or "jobs"."max_attempts" >= 1))
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"body_hash" text NOT NULL,
	"status" text DEFAULT 'in_progress' NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key"),
	CONSTRAINT "idempotency_keys_status_ck" CHECK ("idempotency_keys"."status" in ('in_progress', 'completed'))
);
--> statement-breakpoint
ALTER TABLE "exclusive_set_members" ADD CONSTRAINT "exclusive_set_members_set_id_exclusive_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."exclusive_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exclusive_sets" ADD CONSTRAINT "exclusive_sets_type_fk" FOREIGN KEY ("tenant_id","product_type_id") REFERENCES "public"."product_types"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_list_entries" ADD CONSTRAINT "price_list_entries_price_list_id_price_lists_id_fk" FOREIGN KEY ("price_list_id") REFERENCES "public"."price_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_list_entries" ADD CONSTRAINT "price_list_entries_list_fk" FOREIGN KEY ("tenant_id","price_list_id") REFERENCES "public"."price_lists"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_list_entries" ADD CONSTRAINT "price_list_entries_product_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_addons" ADD CONSTRAINT "product_addons_parent_fk" FOREIGN KEY ("tenant_id","parent_product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_addons" ADD CONSTRAINT "product_addons_addon_fk" FOREIGN KEY ("tenant_id","addon_product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_group_members" ADD CONSTRAINT "product_group_members_group_id_product_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."product_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_types" ADD CONSTRAINT "product_types_service_manager_instance_id_service_manager_instances_id_fk" FOREIGN KEY ("service_manager_instance_id") REFERENCES "public"."service_manager_instances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_type_fk" FOREIGN KEY ("tenant_id","product_type_id") REFERENCES "public"."product_types"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_trial_paid_fk" FOREIGN KEY ("tenant_id","trial_paid_product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_manager_runs" ADD CONSTRAINT "service_manager_runs_instance_id_service_manager_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."service_manager_instances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upgrade_paths" ADD CONSTRAINT "upgrade_paths_from_fk" FOREIGN KEY ("tenant_id","from_product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upgrade_paths" ADD CONSTRAINT "upgrade_paths_to_fk" FOREIGN KEY ("tenant_id","to_product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_order_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheduled_changes" ADD CONSTRAINT "scheduled_changes_sub_fk" FOREIGN KEY ("tenant_id","subscription_id") REFERENCES "public"."subscriptions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_addons" ADD CONSTRAINT "subscription_addons_sub_fk" FOREIGN KEY ("tenant_id","subscription_id") REFERENCES "public"."subscriptions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_history" ADD CONSTRAINT "subscription_history_sub_fk" FOREIGN KEY ("tenant_id","subscription_id") REFERENCES "public"."subscriptions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_parent_fk" FOREIGN KEY ("tenant_id","parent_account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_account_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_parent_fk" FOREIGN KEY ("parent_tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_parent_account_fk" FOREIGN KEY ("parent_tenant_id","parent_account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_account_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exclusive_set_members_product_idx" ON "exclusive_set_members" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exclusive_sets_code_uq" ON "exclusive_sets" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "price_lists_name_uq" ON "price_lists" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "price_lists_one_default_uq" ON "price_lists" USING btree ("tenant_id") WHERE "price_lists"."is_default";--> statement-breakpoint
CREATE INDEX "product_addons_addon_idx" ON "product_addons" USING btree ("addon_product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "product_groups_name_uq" ON "product_groups" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "product_types_code_uq" ON "product_types" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "products_sku_uq" ON "products" USING btree ("tenant_id","sku");--> statement-breakpoint
CREATE INDEX "products_type_idx" ON "products" USING btree ("tenant_id","product_type_id");--> statement-breakpoint
CREATE UNIQUE INDEX "smi_tenant_vendor_uq" ON "service_manager_instances" USING btree ("tenant_id","vendor");--> statement-breakpoint
CREATE INDEX "smr_tenant_idx" ON "service_manager_runs" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "storefront_pub_product_uq" ON "storefront_publications" USING btree ("reseller_account_id","product_id") WHERE "storefront_publications"."product_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "storefront_pub_group_uq" ON "storefront_publications" USING btree ("reseller_account_id","product_group_id") WHERE "storefront_publications"."product_group_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "upgrade_paths_uq" ON "upgrade_paths" USING btree ("tenant_id","from_product_id","to_product_id");--> statement-breakpoint
CREATE INDEX "upgrade_paths_to_idx" ON "upgrade_paths" USING btree ("tenant_id","to_product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_key_uq" ON "messages" USING btree ("tenant_id","key");--> statement-breakpoint
CREATE INDEX "messages_tenant_idx" ON "messages" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_to_idx" ON "messages" USING btree ("tenant_id",lower("to_address"),"created_at");--> statement-breakpoint
CREATE INDEX "order_events_order_idx" ON "order_events" USING btree ("tenant_id","order_id","at");--> statement-breakpoint
CREATE INDEX "order_lines_order_idx" ON "order_lines" USING btree ("tenant_id","order_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_number_uq" ON "orders" USING btree ("tenant_id","number") WHERE "orders"."number" is not null;--> statement-breakpoint
CREATE INDEX "orders_account_idx" ON "orders" USING btree ("tenant_id","account_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_reseller_idx" ON "orders" USING btree ("tenant_id","reseller_account_id","status");--> statement-breakpoint
CREATE INDEX "orders_status_idx" ON "orders" USING btree ("tenant_id","status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_one_basket_uq" ON "orders" USING btree ("tenant_id","placed_by_user_id") WHERE "orders"."status" = 'draft' and "orders"."channel" = 'storefront';--> statement-breakpoint
CREATE INDEX "scheduled_changes_due_idx" ON "scheduled_changes" USING btree ("tenant_id","effective_date") WHERE "scheduled_changes"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "scheduled_changes_one_pending_uq" ON "scheduled_changes" USING btree ("subscription_id","kind") WHERE "scheduled_changes"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "subscription_addons_sub_idx" ON "subscription_addons" USING btree ("tenant_id","subscription_id");--> statement-breakpoint
CREATE UNIQUE INDEX "subscription_addons_live_uq" ON "subscription_addons" USING btree ("subscription_id","product_id") WHERE "subscription_addons"."status" = 'active';--> statement-breakpoint
CREATE INDEX "subscription_history_sub_idx" ON "subscription_history" USING btree ("tenant_id","subscription_id","seq");--> statement-breakpoint
CREATE INDEX "subscriptions_account_idx" ON "subscriptions" USING btree ("tenant_id","account_id","status");--> statement-breakpoint
CREATE INDEX "subscriptions_reseller_idx" ON "subscriptions" USING btree ("tenant_id","reseller_account_id");--> statement-breakpoint
CREATE INDEX "subscriptions_product_idx" ON "subscriptions" USING btree ("tenant_id","product_id");--> statement-breakpoint
CREATE INDEX "subscriptions_term_end_idx" ON "subscriptions" USING btree ("tenant_id","term_end_date");--> statement-breakpoint
CREATE INDEX "subscriptions_order_idx" ON "subscriptions" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_exclusive_live_uq" ON "subscriptions" USING btree ("tenant_id","exclusive_key") WHERE "subscriptions"."exclusive_key" is not null and "subscriptions"."status" in ('active', 'suspended', 'pending_for_cancel');--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_order_line_uq" ON "subscriptions" USING btree ("order_line_id") WHERE "subscriptions"."order_line_id" is not null;--> statement-breakpoint
CREATE INDEX "accounts_tenant_idx" ON "accounts" USING btree ("tenant_id","kind");--> statement-breakpoint
CREATE INDEX "accounts_parent_idx" ON "accounts" USING btree ("tenant_id","parent_account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_storefront_alias_uq" ON "accounts" USING btree ("storefront_alias");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_represents_tenant_uq" ON "accounts" USING btree ("represents_tenant_id") WHERE "accounts"."represents_tenant_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_uq" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_tenant_idx" ON "api_keys" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "contacts_account_idx" ON "contacts" USING btree ("tenant_id","account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_one_primary_uq" ON "contacts" USING btree ("account_id") WHERE "contacts"."is_primary";--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_uq" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tenants_slug_uq" ON "tenants" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_uq" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "users_tenant_idx" ON "users" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_kind_key_uq" ON "jobs" USING btree ("kind","key");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("run_at","seq") WHERE "jobs"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "jobs_running_idx" ON "jobs" USING btree ("locked_until") WHERE "jobs"."status" = 'running';--> statement-breakpoint
CREATE INDEX "jobs_queue_idx" ON "jobs" USING btree ("queue","seq") WHERE "jobs"."queue" is not null and "jobs"."status" in ('pending', 'running');--> statement-breakpoint
CREATE INDEX "jobs_tenant_idx" ON "jobs" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");