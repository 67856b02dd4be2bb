CREATE TABLE "subscription_arr_items" (
	"tenant_id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"item_id" text NOT NULL,
	"currency" text NOT NULL,
	"account_id" text NOT NULL,
	"reseller_account_id" text,
	"managed_by_tenant_id" text,
	"product_id" text NOT NULL,
	"arr_e8" numeric NOT NULL,
	"base" integer NOT NULL,
	CONSTRAINT "subscription_arr_items_tenant_id_subscription_id_item_id_pk" PRIMARY KEY("tenant_id","subscription_id","item_id")
);
--> statement-breakpoint
CREATE INDEX "subscription_arr_items_account_idx" ON "subscription_arr_items" USING btree ("tenant_id","account_id");--> statement-breakpoint
-- Issue 16, fast: each live paid subscription's current ARR per item (base '' and each active
-- add-on), same definitions as 0023 (subscription_base_arr_e8; an add-on is quantity × unit price ×
-- term factor × (1 − the subscription's discount)). Kept by triggers on both tables, per row —
-- no shared totals row. A non-live subscription has no rows.
CREATE FUNCTION subscription_arr_addons_insert(s subscriptions) RETURNS void LANGUAGE sql AS $$
  INSERT INTO subscription_arr_items (tenant_id, subscription_id, item_id, currency, account_id, reseller_account_id,
    managed_by_tenant_id, product_id, arr_e8, base)
  SELECT s.tenant_id, s.id, a.id, s.currency, s.account_id, s.reseller_account_id, s.managed_by_tenant_id, a.product_id,
    a.quantity::numeric * a.unit_price * subscription_term_factor(s.term) * (10000 - s.discount_basis_points) * 10000, 0
  FROM subscription_addons a
  WHERE a.tenant_id = s.tenant_id AND a.subscription_id = s.id AND a.status = 'active'
$$;
--> statement-breakpoint
CREATE FUNCTION subscription_arr_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO subscription_arr_items (tenant_id, subscription_id, item_id, currency, account_id, reseller_account_id,
    managed_by_tenant_id, product_id, arr_e8, base)
  SELECT n.tenant_id, n.id, '', n.currency, n.account_id, n.reseller_account_id, n.managed_by_tenant_id, n.product_id,
    subscription_base_arr_e8(n.status, n.is_trial, n.quantity, n.unit_price, n.discount_basis_points, n.term,
      n.promotion, n.product_id), 1
  FROM new_rows n WHERE subscription_live_paid(n.status, n.is_trial);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A revenue or dimension change: the base row is upserted; the add-on rows are rewritten only when
-- what they depend on changed (liveness, term, discount, a dimension).
CREATE FUNCTION subscription_arr_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT subscription_live_paid(NEW.status, NEW.is_trial) THEN
    IF subscription_live_paid(OLD.status, OLD.is_trial) THEN
      DELETE FROM subscription_arr_items WHERE tenant_id = OLD.tenant_id AND subscription_id = OLD.id;
    END IF;
    RETURN NULL;
  END IF;
  INSERT INTO subscription_arr_items (tenant_id, subscription_id, item_id, currency, account_id, reseller_account_id,
    managed_by_tenant_id, product_id, arr_e8, base)
  VALUES (NEW.tenant_id, NEW.id, '', NEW.currency, NEW.account_id, NEW.reseller_account_id, NEW.managed_by_tenant_id,
    NEW.product_id, subscription_base_arr_e8(NEW.status, NEW.is_trial, NEW.quantity, NEW.unit_price,
      NEW.discount_basis_points, NEW.term, NEW.promotion, NEW.product_id), 1)
  ON CONFLICT (tenant_id, subscription_id, item_id) DO UPDATE SET currency = excluded.currency,
    account_id = excluded.account_id, reseller_account_id = excluded.reseller_account_id,
    managed_by_tenant_id = excluded.managed_by_tenant_id, product_id = excluded.product_id, arr_e8 = excluded.arr_e8;
  IF NOT subscription_live_paid(OLD.status, OLD.is_trial)
    OR (OLD.term, OLD.discount_basis_points, OLD.currency, OLD.account_id, OLD.reseller_account_id, OLD.managed_by_tenant_id)
      IS DISTINCT FROM (NEW.term, NEW.discount_basis_points, NEW.currency, NEW.account_id, NEW.reseller_account_id, NEW.managed_by_tenant_id)
  THEN
    DELETE FROM subscription_arr_items WHERE tenant_id = NEW.tenant_id AND subscription_id = NEW.id AND item_id <> '';
    PERFORM subscription_arr_addons_insert(NEW);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- An add-on's row under its subscription's current terms (read as the 0023 ledger trigger reads them).
CREATE FUNCTION subscription_arr_addon_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s subscriptions;
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM subscription_arr_items WHERE tenant_id = OLD.tenant_id AND subscription_id = OLD.subscription_id AND item_id = OLD.id;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM subscription_arr_items WHERE tenant_id = OLD.tenant_id AND subscription_id = OLD.subscription_id AND item_id = OLD.id;
  END IF;
  IF NEW.status <> 'active' THEN RETURN NULL; END IF;
  SELECT * INTO s FROM subscriptions WHERE tenant_id = NEW.tenant_id AND id = NEW.subscription_id;
  IF NOT FOUND OR NOT subscription_live_paid(s.status, s.is_trial) THEN RETURN NULL; END IF;
  INSERT INTO subscription_arr_items (tenant_id, subscription_id, item_id, currency, account_id, reseller_account_id,
    managed_by_tenant_id, product_id, arr_e8, base)
  VALUES (s.tenant_id, s.id, NEW.id, s.currency, s.account_id, s.reseller_account_id, s.managed_by_tenant_id, NEW.product_id,
    NEW.quantity::numeric * NEW.unit_price * subscription_term_factor(s.term) * (10000 - s.discount_basis_points) * 10000, 0);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION subscription_arr_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM subscription_arr_items WHERE tenant_id = OLD.tenant_id AND subscription_id = OLD.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER subscription_arr_insert_tg AFTER INSERT ON subscriptions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subscription_arr_on_insert();
--> statement-breakpoint
CREATE TRIGGER subscription_arr_update_tg AFTER UPDATE ON subscriptions FOR EACH ROW
  WHEN ((OLD.status, OLD.is_trial, OLD.quantity, OLD.unit_price, OLD.discount_basis_points, OLD.term, OLD.product_id,
      OLD.promotion, OLD.currency, OLD.account_id, OLD.reseller_account_id, OLD.managed_by_tenant_id)
    IS DISTINCT FROM (NEW.status, NEW.is_trial, NEW.quantity, NEW.unit_price, NEW.discount_basis_points, NEW.term,
      NEW.product_id, NEW.promotion, NEW.currency, NEW.account_id, NEW.reseller_account_id, NEW.managed_by_tenant_id))
  EXECUTE FUNCTION subscription_arr_on_update();
--> statement-breakpoint
CREATE TRIGGER subscription_arr_delete_tg AFTER DELETE ON subscriptions FOR EACH ROW
  EXECUTE FUNCTION subscription_arr_on_delete();
--> statement-breakpoint
CREATE TRIGGER subscription_arr_addon_insert_tg AFTER INSERT ON subscription_addons FOR EACH ROW
  WHEN (NEW.status = 'active') EXECUTE FUNCTION subscription_arr_addon_change();
--> statement-breakpoint
CREATE TRIGGER subscription_arr_addon_update_tg AFTER UPDATE ON subscription_addons FOR EACH ROW
  WHEN ((OLD.id, OLD.subscription_id, OLD.product_id, OLD.status, OLD.quantity, OLD.unit_price)
    IS DISTINCT FROM (NEW.id, NEW.subscription_id, NEW.product_id, NEW.status, NEW.quantity, NEW.unit_price))
  EXECUTE FUNCTION subscription_arr_addon_change();
--> statement-breakpoint
CREATE TRIGGER subscription_arr_addon_delete_tg AFTER DELETE ON subscription_addons FOR EACH ROW
  WHEN (OLD.status = 'active') EXECUTE FUNCTION subscription_arr_addon_change();
--> statement-breakpoint
-- What exists already.
INSERT INTO subscription_arr_items (tenant_id, subscription_id, item_id, currency, account_id, reseller_account_id,
  managed_by_tenant_id, product_id, arr_e8, base)
SELECT s.tenant_id, s.id, '', s.currency, s.account_id, s.reseller_account_id, s.managed_by_tenant_id, s.product_id,
  subscription_base_arr_e8(s.status, s.is_trial, s.quantity, s.unit_price, s.discount_basis_points, s.term,
    s.promotion, s.product_id), 1
FROM subscriptions s WHERE subscription_live_paid(s.status, s.is_trial)
UNION ALL
SELECT s.tenant_id, s.id, a.id, s.currency, s.account_id, s.reseller_account_id, s.managed_by_tenant_id, a.product_id,
  a.quantity::numeric * a.unit_price * subscription_term_factor(s.term) * (10000 - s.discount_basis_points) * 10000, 0
FROM subscriptions s JOIN subscription_addons a ON a.tenant_id = s.tenant_id AND a.subscription_id = s.id AND a.status = 'active'
WHERE subscription_live_paid(s.status, s.is_trial);
