CREATE TABLE "clock_advance_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"unit" text NOT NULL,
	"amount" integer NOT NULL,
	"days_total" integer NOT NULL,
	"days_done" integer DEFAULT 0 NOT NULL,
	"from_instant" timestamp with time zone NOT NULL,
	"to_instant" timestamp with time zone NOT NULL,
	"current_day" date NOT NULL,
	"runs" integer DEFAULT 0 NOT NULL,
	"documents_created" integer DEFAULT 0 NOT NULL,
	"jobs_run" integer DEFAULT 0 NOT NULL,
	"error" text,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"requested_by_tenant_id" text NOT NULL,
	"requested_by_user_id" text,
	"requested_by_api_key_id" text,
	"lease_until" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "clock_advance_runs_status_ck" CHECK ("clock_advance_runs"."status" in ('queued', 'running', 'succeeded', 'failed', 'canceled')),
	CONSTRAINT "clock_advance_runs_unit_ck" CHECK ("clock_advance_runs"."unit" in ('days', 'months')),
	CONSTRAINT "clock_advance_runs_days_ck" CHECK ("clock_advance_runs"."days_done" between 0 and "clock_advance_runs"."days_total")
);
--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "root" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "clock_advance_runs_created_idx" ON "clock_advance_runs" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "clock_advance_runs_active_uq" ON "clock_advance_runs" USING btree ((true)) WHERE "clock_advance_runs"."status" in ('queued', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "tenants_root_uq" ON "tenants" USING btree ("root") WHERE "tenants"."root";--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_root_ck" CHECK (not "tenants"."root" or "tenants"."kind" = 'distributor');--> statement-breakpoint
-- Hand-written: an existing installation's root is its first distributor (the one bootstrapped first).
UPDATE "tenants" SET "root" = true WHERE "id" = (SELECT "id" FROM "tenants" WHERE "kind" = 'distributor' ORDER BY "created_at", "id" LIMIT 1);
