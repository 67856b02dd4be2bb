-- Issued invoices and credit notes are immutable (spec/billing.md "Documents"): corrections are
-- new documents. A charge, once on a document, may only see its credited part grow (a credit note
-- records against it); everything else about it is frozen.
CREATE FUNCTION billing_documents_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'billing document % is issued and immutable', OLD.number USING ERRCODE = 'P0001';
END $$;
--> statement-breakpoint
CREATE TRIGGER billing_documents_immutable_tg BEFORE UPDATE OR DELETE ON billing_documents
  FOR EACH ROW EXECUTE FUNCTION billing_documents_immutable();
--> statement-breakpoint
CREATE FUNCTION billing_charges_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.document_id IS NOT NULL THEN
      RAISE EXCEPTION 'billing charge % is on an issued document and immutable', OLD.id USING ERRCODE = 'P0001';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.document_id IS NOT NULL AND (
       NEW.document_id IS DISTINCT FROM OLD.document_id OR NEW.amount <> OLD.amount OR NEW.tax <> OLD.tax
       OR NEW.quantity <> OLD.quantity OR NEW.unit_price <> OLD.unit_price OR NEW.kind <> OLD.kind
       OR NEW.from_date <> OLD.from_date OR NEW.to_date <> OLD.to_date OR NEW.period_start <> OLD.period_start
       OR NEW.period_end <> OLD.period_end OR NEW.explanation <> OLD.explanation OR NEW.item_id <> OLD.item_id
       OR NEW.credits_charge_id IS DISTINCT FROM OLD.credits_charge_id) THEN
    RAISE EXCEPTION 'billing charge % is on an issued document and immutable', OLD.id USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER billing_charges_immutable_tg BEFORE UPDATE OR DELETE ON billing_charges
  FOR EACH ROW EXECUTE FUNCTION billing_charges_immutable();
