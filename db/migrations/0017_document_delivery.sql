CREATE TABLE "document_deliveries" (
	"tenant_id" text NOT NULL,
	"document_id" text NOT NULL,
	"status" text NOT NULL,
	"to_address" text,
	"message_id" text,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "document_deliveries_pk" PRIMARY KEY("tenant_id","document_id"),
	CONSTRAINT "document_deliveries_status_ck" CHECK ("document_deliveries"."status" in ('queued', 'not_delivered')),
	CONSTRAINT "document_deliveries_shape_ck" CHECK (("document_deliveries"."status" = 'queued' and "document_deliveries"."message_id" is not null and "document_deliveries"."to_address" is not null) or ("document_deliveries"."status" = 'not_delivered' and "document_deliveries"."reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "message_attachments" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"message_id" text NOT NULL,
	"position" integer NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "message_attachments_size_ck" CHECK ("message_attachments"."size" = octet_length("message_attachments"."content"))
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "vat_id" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "address" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "vat_id" text;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_tenant_id_uq" UNIQUE("tenant_id","id");--> statement-breakpoint
ALTER TABLE "document_deliveries" ADD CONSTRAINT "document_deliveries_document_fk" FOREIGN KEY ("tenant_id","document_id") REFERENCES "public"."billing_documents"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_attachments" ADD CONSTRAINT "message_attachments_message_fk" FOREIGN KEY ("tenant_id","message_id") REFERENCES "public"."messages"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "message_attachments_position_uq" ON "message_attachments" USING btree ("tenant_id","message_id","position");
