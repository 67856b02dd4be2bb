CREATE TABLE "sandbox_clock" (
	"id" text PRIMARY KEY NOT NULL,
	"instant" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
