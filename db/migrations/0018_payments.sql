CREATE TABLE "payment_allocations" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"payment_id" text NOT NULL,
	"document_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_allocations_amount_ck" CHECK ("payment_allocations"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"method" text NOT NULL,
	"paid_on" date NOT NULL,
	"amount" bigint NOT NULL,
	"allocated" bigint DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"reference" text NOT NULL,
	"note" text,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payments_tenant_id_uq" UNIQUE("tenant_id","id"),
	CONSTRAINT "payments_method_ck" CHECK ("payments"."method" in ('bank_transfer', 'cash', 'card')),
	CONSTRAINT "payments_amount_ck" CHECK ("payments"."amount" > 0),
	CONSTRAINT "payments_allocated_ck" CHECK ("payments"."allocated" >= 0 and "payments"."allocated" <= "payments"."amount")
);
--> statement-breakpoint
ALTER TABLE "billing_accounts" ADD COLUMN "payment_terms_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "billing_documents" ADD COLUMN "due_date" date;--> statement-breakpoint
-- R-PAY-01 backfill (hand-written): existing invoices fall due after their account's terms as they are now.
ALTER TABLE "billing_documents" DISABLE TRIGGER billing_documents_immutable_tg;--> statement-breakpoint
UPDATE "billing_documents" d SET "due_date" = d.issue_date + coalesce((SELECT a.payment_terms_days FROM billing_accounts a
  WHERE a.tenant_id = d.tenant_id AND a.account_id = d.account_id), 30) WHERE d.kind = 'invoice';--> statement-breakpoint
ALTER TABLE "billing_documents" ENABLE TRIGGER billing_documents_immutable_tg;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_payment_fk" FOREIGN KEY ("tenant_id","payment_id") REFERENCES "public"."payments"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_document_fk" FOREIGN KEY ("tenant_id","document_id") REFERENCES "public"."billing_documents"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_allocations_document_idx" ON "payment_allocations" USING btree ("tenant_id","document_id");--> statement-breakpoint
CREATE INDEX "payment_allocations_payment_idx" ON "payment_allocations" USING btree ("tenant_id","payment_id");--> statement-breakpoint
CREATE INDEX "payments_account_idx" ON "payments" USING btree ("tenant_id","account_id","paid_on");--> statement-breakpoint
CREATE INDEX "payments_date_idx" ON "payments" USING btree ("tenant_id","paid_on");--> statement-breakpoint
CREATE INDEX "billing_charges_credits_idx" ON "billing_charges" USING btree ("tenant_id","credits_charge_id") WHERE "billing_charges"."credits_charge_id" is not null;--> statement-breakpoint
ALTER TABLE "billing_accounts" ADD CONSTRAINT "billing_accounts_terms_ck" CHECK ("billing_accounts"."payment_terms_days" between 0 and 365);--> statement-breakpoint
ALTER TABLE "billing_documents" ADD CONSTRAINT "billing_documents_due_ck" CHECK (("billing_documents"."kind" = 'invoice' and "billing_documents"."due_date" is not null and "billing_documents"."due_date" >= "billing_documents"."issue_date") or ("billing_documents"."kind" <> 'invoice' and "billing_documents"."due_date" is null));--> statement-breakpoint
-- R-PAY-01 (hand-written): an allocation settles an invoice of the payment's account and currency,
-- never beyond what is left (gross − issued credit notes' lines crediting its charges − earlier
-- allocations), under a row lock on the invoice so concurrent payments serialize; the payment's
-- allocated total grows with it (its check keeps it within the payment's amount).
CREATE FUNCTION payment_allocations_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  doc record;
  pay record;
  credited bigint;
  paid bigint;
BEGIN
  SELECT kind, account_id, currency, gross, number INTO doc FROM billing_documents
    WHERE tenant_id = NEW.tenant_id AND id = NEW.document_id FOR UPDATE;
  SELECT account_id, currency INTO pay FROM payments WHERE tenant_id = NEW.tenant_id AND id = NEW.payment_id;
  IF doc.kind IS DISTINCT FROM 'invoice' OR doc.account_id <> pay.account_id OR doc.currency <> pay.currency THEN
    RAISE EXCEPTION 'R-PAY-01: % is not an invoice of the payment''s account and currency', NEW.document_id
      USING ERRCODE = 'P0001';
  END IF;
  SELECT coalesce(sum(-(cr.amount + cr.tax)), 0) INTO credited
    FROM billing_charges ch
    JOIN billing_charges cr ON cr.tenant_id = ch.tenant_id AND cr.credits_charge_id = ch.id
    JOIN billing_documents cn ON cn.tenant_id = cr.tenant_id AND cn.id = cr.document_id
    WHERE ch.tenant_id = NEW.tenant_id AND ch.document_id = NEW.document_id AND cn.kind = 'credit_note'
    AND cn.status = 'issued';
  SELECT coalesce(sum(amount), 0) INTO paid FROM payment_allocations
    WHERE tenant_id = NEW.tenant_id AND document_id = NEW.document_id;
  IF paid + credited + NEW.amount > doc.gross THEN
    RAISE EXCEPTION 'R-PAY-01: invoice % would be settled beyond its gross', doc.number USING ERRCODE = 'P0001';
  END IF;
  UPDATE payments SET allocated = allocated + NEW.amount WHERE tenant_id = NEW.tenant_id AND id = NEW.payment_id;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER payment_allocations_guard_tg BEFORE INSERT ON payment_allocations
  FOR EACH ROW EXECUTE FUNCTION payment_allocations_guard();
--> statement-breakpoint
CREATE FUNCTION payment_allocations_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'payment allocations are immutable' USING ERRCODE = 'P0001';
END $$;
--> statement-breakpoint
CREATE TRIGGER payment_allocations_immutable_tg BEFORE UPDATE OR DELETE ON payment_allocations
  FOR EACH ROW EXECUTE FUNCTION payment_allocations_immutable();
