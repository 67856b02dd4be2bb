CREATE TABLE "billing_run_chunks" (
	"run_id" text NOT NULL,
	"seq" integer NOT NULL,
	"tenant_id" text NOT NULL,
	"run_date" date NOT NULL,
	"account_ids" text[] NOT NULL,
	"done" boolean DEFAULT false NOT NULL,
	"charges" integer DEFAULT 0 NOT NULL,
	"documents" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "billing_run_chunks_pk" PRIMARY KEY("run_id","seq")
);
