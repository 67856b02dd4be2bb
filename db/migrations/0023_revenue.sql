CREATE TABLE "subscription_mrr_changes" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"account_id" text NOT NULL,
	"reseller_account_id" text,
	"currency" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"arr_before" numeric NOT NULL,
	"arr_after" numeric NOT NULL,
	"kind" text NOT NULL,
	CONSTRAINT "subscription_mrr_changes_kind_ck" CHECK ("subscription_mrr_changes"."kind" in ('new', 'expansion', 'contraction', 'churned'))
);
--> statement-breakpoint
CREATE INDEX "subscription_mrr_changes_at_idx" ON "subscription_mrr_changes" USING btree ("tenant_id","at");--> statement-breakpoint
CREATE INDEX "subscription_mrr_changes_account_idx" ON "subscription_mrr_changes" USING btree ("tenant_id","account_id","at");--> statement-breakpoint
-- Issue 16 (revenue at a glance). A subscription's annual recurring revenue (ARR) in minor units
-- × 10^8, exact: the base is quantity × unit price (per commitment term: MCMB a month, AC1M and
-- AC1Y a year) × (1 − discount), after a RECURRING promotion (percentage off, or an amount off the
-- unit price, never below 0) that still belongs to the product (an upgrade drops it, as billing
-- does); each active add-on is quantity × its unit price × (1 − the subscription's discount).
-- Only live paid subscriptions count: active, suspended (billing runs on) or waiting for the
-- vendor's cancellation; trials, inactive (incl. waiting for a start date) and canceled are 0.
-- One-time and limited promotions are temporary: they lower the invoices of their cycles, not the
-- run rate. MRR = ARR / 12 (a yearly subscription's MRR is its yearly amount / 12).
CREATE FUNCTION subscription_live_paid(status text, is_trial boolean) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS $$
  SELECT status IN ('active', 'suspended', 'pending_for_cancel') AND NOT is_trial
$$;
--> statement-breakpoint
CREATE FUNCTION subscription_term_factor(term text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN term = 'MCMB' THEN 12 ELSE 1 END
$$;
--> statement-breakpoint
CREATE FUNCTION subscription_promotion_applies(promotion jsonb, product_id text) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS $$
  SELECT promotion IS NOT NULL AND promotion->>'kind' = 'recurring'
    AND coalesce(promotion->>'productId', product_id) = product_id
$$;
--> statement-breakpoint
CREATE FUNCTION subscription_base_arr_e8(status text, is_trial boolean, quantity integer, unit_price bigint,
  discount integer, term text, promotion jsonb, product_id text) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN NOT subscription_live_paid(status, is_trial) THEN 0::numeric ELSE
    quantity::numeric * subscription_term_factor(term) * (10000 - discount) *
    CASE WHEN subscription_promotion_applies(promotion, product_id) THEN
      CASE WHEN promotion->>'valueType' = 'monetary'
        THEN greatest(unit_price::numeric - (promotion->>'value')::numeric, 0) * 10000
        ELSE unit_price::numeric * (10000 - (promotion->>'value')::numeric) END
    ELSE unit_price::numeric * 10000 END
  END
$$;
--> statement-breakpoint
CREATE FUNCTION subscription_addons_arr_e8(p_tenant text, p_sub text, status text, is_trial boolean,
  discount integer, term text) RETURNS numeric LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN NOT subscription_live_paid(status, is_trial) THEN 0::numeric ELSE
    coalesce((SELECT sum(a.quantity::numeric * a.unit_price) FROM subscription_addons a
      WHERE a.tenant_id = p_tenant AND a.subscription_id = p_sub AND a.status = 'active'), 0)
    * subscription_term_factor(term) * (10000 - discount) * 10000
  END
$$;
--> statement-breakpoint
CREATE FUNCTION subscription_mrr_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO subscription_mrr_changes (tenant_id, subscription_id, account_id, reseller_account_id, currency, at, arr_before, arr_after, kind)
  SELECT x.tenant_id, x.id, x.account_id, x.reseller_account_id, x.currency, x.updated_at, 0, x.arr, 'new'
  FROM (SELECT n.*, subscription_base_arr_e8(n.status, n.is_trial, n.quantity, n.unit_price, n.discount_basis_points,
          n.term, n.promotion, n.product_id) AS arr FROM new_rows n) x
  WHERE x.arr <> 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Updates are row triggers with a WHEN on the revenue columns: a write that changes no revenue
-- (sync status, dates, version…) costs one comparison, no function call.
CREATE FUNCTION subscription_mrr_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  b numeric := subscription_base_arr_e8(OLD.status, OLD.is_trial, OLD.quantity, OLD.unit_price,
    OLD.discount_basis_points, OLD.term, OLD.promotion, OLD.product_id)
    + subscription_addons_arr_e8(OLD.tenant_id, OLD.id, OLD.status, OLD.is_trial, OLD.discount_basis_points, OLD.term);
  a numeric := subscription_base_arr_e8(NEW.status, NEW.is_trial, NEW.quantity, NEW.unit_price,
    NEW.discount_basis_points, NEW.term, NEW.promotion, NEW.product_id)
    + subscription_addons_arr_e8(NEW.tenant_id, NEW.id, NEW.status, NEW.is_trial, NEW.discount_basis_points, NEW.term);
BEGIN
  IF a <> b THEN
    INSERT INTO subscription_mrr_changes (tenant_id, subscription_id, account_id, reseller_account_id, currency, at, arr_before, arr_after, kind)
    VALUES (NEW.tenant_id, NEW.id, NEW.account_id, NEW.reseller_account_id, NEW.currency, NEW.updated_at, b, a,
      CASE WHEN b = 0 THEN 'new' WHEN a = 0 THEN 'churned' WHEN a > b THEN 'expansion' ELSE 'contraction' END);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- An add-on's change: its own ARR difference (d) under the subscription's terms; after = the
-- subscription's whole ARR now, before = after − d.
CREATE FUNCTION subscription_addon_mrr_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s subscriptions;
  d numeric;
  a numeric;
BEGIN
  SELECT * INTO s FROM subscriptions WHERE tenant_id = NEW.tenant_id AND id = NEW.subscription_id;
  IF NOT FOUND OR NOT subscription_live_paid(s.status, s.is_trial) THEN RETURN NULL; END IF;
  d := ((CASE WHEN NEW.status = 'active' THEN NEW.quantity::numeric * NEW.unit_price ELSE 0 END)
      - (CASE WHEN TG_OP = 'UPDATE' AND OLD.status = 'active' THEN OLD.quantity::numeric * OLD.unit_price ELSE 0 END))
      * subscription_term_factor(s.term) * (10000 - s.discount_basis_points) * 10000;
  IF d = 0 THEN RETURN NULL; END IF;
  a := subscription_base_arr_e8(s.status, s.is_trial, s.quantity, s.unit_price, s.discount_basis_points, s.term,
         s.promotion, s.product_id)
       + subscription_addons_arr_e8(s.tenant_id, s.id, s.status, s.is_trial, s.discount_basis_points, s.term);
  INSERT INTO subscription_mrr_changes (tenant_id, subscription_id, account_id, reseller_account_id, currency, at, arr_before, arr_after, kind)
  VALUES (s.tenant_id, s.id, s.account_id, s.reseller_account_id, s.currency, NEW.updated_at, a - d, a,
    -- An add-on bought with the subscription (same command, same instant) is part of its new MRR.
    CASE WHEN a - d = 0 OR (TG_OP = 'INSERT' AND NEW.created_at = s.created_at) THEN 'new'
         WHEN a = 0 THEN 'churned' WHEN d > 0 THEN 'expansion' ELSE 'contraction' END);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER subscription_mrr_insert_tg AFTER INSERT ON subscriptions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subscription_mrr_on_insert();
--> statement-breakpoint
CREATE TRIGGER subscription_mrr_update_tg AFTER UPDATE ON subscriptions FOR EACH ROW
  WHEN ((OLD.status, OLD.is_trial, OLD.quantity, OLD.unit_price, OLD.discount_basis_points, OLD.term, OLD.product_id, OLD.promotion)
    IS DISTINCT FROM (NEW.status, NEW.is_trial, NEW.quantity, NEW.unit_price, NEW.discount_basis_points, NEW.term, NEW.product_id, NEW.promotion))
  EXECUTE FUNCTION subscription_mrr_on_update();
--> statement-breakpoint
CREATE TRIGGER subscription_addon_mrr_insert_tg AFTER INSERT ON subscription_addons FOR EACH ROW
  WHEN (NEW.status = 'active') EXECUTE FUNCTION subscription_addon_mrr_change();
--> statement-breakpoint
CREATE TRIGGER subscription_addon_mrr_update_tg AFTER UPDATE ON subscription_addons FOR EACH ROW
  WHEN ((OLD.status, OLD.quantity, OLD.unit_price) IS DISTINCT FROM (NEW.status, NEW.quantity, NEW.unit_price))
  EXECUTE FUNCTION subscription_addon_mrr_change();
--> statement-breakpoint
-- What exists already: one change from 0 per live paid subscription, at its activation.
INSERT INTO subscription_mrr_changes (tenant_id, subscription_id, account_id, reseller_account_id, currency, at, arr_before, arr_after, kind)
SELECT x.tenant_id, x.id, x.account_id, x.reseller_account_id, x.currency, x.at, 0, x.arr, 'new' FROM (
  SELECT s.tenant_id, s.id, s.account_id, s.reseller_account_id, s.currency,
    coalesce(s.activation_date::timestamptz, s.created_at) AS at,
    subscription_base_arr_e8(s.status, s.is_trial, s.quantity, s.unit_price, s.discount_basis_points, s.term, s.promotion, s.product_id)
      + subscription_addons_arr_e8(s.tenant_id, s.id, s.status, s.is_trial, s.discount_basis_points, s.term) AS arr
  FROM subscriptions s) x
WHERE x.arr <> 0;
