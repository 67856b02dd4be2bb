CREATE TABLE "login_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "login_attempts_scope_ck" CHECK ("login_attempts"."scope" in ('email', 'address'))
);
--> statement-breakpoint
CREATE INDEX "login_attempts_key_idx" ON "login_attempts" USING btree ("scope","key","attempted_at");--> statement-breakpoint
CREATE INDEX "login_attempts_time_idx" ON "login_attempts" USING btree ("attempted_at");