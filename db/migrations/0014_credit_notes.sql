ALTER TABLE "billing_documents" ALTER COLUMN "seq" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "billing_documents" ALTER COLUMN "number" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "billing_documents" ALTER COLUMN "issue_date" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "billing_documents" ADD COLUMN "status" text DEFAULT 'issued' NOT NULL;--> statement-breakpoint
ALTER TABLE "billing_documents" ADD COLUMN "credits_document_id" text;--> statement-breakpoint
ALTER TABLE "billing_documents" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "billing_documents" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "billing_documents" ADD CONSTRAINT "billing_documents_credits_fk" FOREIGN KEY ("tenant_id","credits_document_id") REFERENCES "public"."billing_documents"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "billing_documents_credits_idx" ON "billing_documents" USING btree ("tenant_id","credits_document_id");--> statement-breakpoint
ALTER TABLE "billing_documents" ADD CONSTRAINT "billing_documents_status_ck" CHECK ("billing_documents"."status" in ('draft', 'issued'));--> statement-breakpoint
ALTER TABLE "billing_documents" ADD CONSTRAINT "billing_documents_numbered_ck" CHECK (("billing_documents"."status" = 'issued' and "billing_documents"."seq" is not null and "billing_documents"."number" is not null and "billing_documents"."issue_date" is not null) or ("billing_documents"."status" = 'draft' and "billing_documents"."kind" = 'credit_note' and "billing_documents"."seq" is null and "billing_documents"."number" is null and "billing_documents"."issue_date" is null and "billing_documents"."credits_document_id" is not null));--> statement-breakpoint
ALTER TABLE "billing_documents" ADD CONSTRAINT "billing_documents_manual_ck" CHECK ("billing_documents"."credits_document_id" is null or ("billing_documents"."kind" = 'credit_note' and "billing_documents"."reason" is not null and length("billing_documents"."reason") > 0));--> statement-breakpoint
-- R-DOC-01: issued documents stay immutable; a draft credit note (and its lines) may change, be
-- issued (draft → issued, once) or be deleted. Nothing ever turns an issued document back.
CREATE OR REPLACE FUNCTION billing_documents_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'draft' THEN
    IF TG_OP = 'DELETE' THEN
      RETURN OLD;
    END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'billing document % is issued and immutable', OLD.number USING ERRCODE = 'P0001';
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION billing_charges_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  on_draft boolean;
BEGIN
  on_draft := OLD.document_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM billing_documents d
     WHERE d.tenant_id = OLD.tenant_id AND d.id = OLD.document_id AND d.status = 'draft');
  IF TG_OP = 'DELETE' THEN
    IF OLD.document_id IS NOT NULL AND NOT on_draft THEN
      RAISE EXCEPTION 'billing charge % is on an issued document and immutable', OLD.id USING ERRCODE = 'P0001';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.document_id IS NOT NULL AND NOT on_draft AND (
       NEW.document_id IS DISTINCT FROM OLD.document_id OR NEW.amount <> OLD.amount OR NEW.tax <> OLD.tax
       OR NEW.quantity <> OLD.quantity OR NEW.unit_price <> OLD.unit_price OR NEW.kind <> OLD.kind
       OR NEW.from_date <> OLD.from_date OR NEW.to_date <> OLD.to_date OR NEW.period_start <> OLD.period_start
       OR NEW.period_end <> OLD.period_end OR NEW.explanation <> OLD.explanation OR NEW.item_id <> OLD.item_id
       OR NEW.credits_charge_id IS DISTINCT FROM OLD.credits_charge_id) THEN
    RAISE EXCEPTION 'billing charge % is on an issued document and immutable', OLD.id USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
