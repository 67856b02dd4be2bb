CREATE TABLE "subscription_mrr_changes" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"account_id" text NOT NULL,
	"reseller_account_id" text,
	"currency" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"arr_before" numeric NOT NULL,
	"arr_after" numeric NOT NULL
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
CREATE FUNCTION subscription_base_arr_e8(status text, is_trial boolean, quantity integer, unit_price bigint,
  discount integer, term text, promotion jsonb, product_id text) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN NOT subscription_live_paid(status, is_trial) THEN 0::numeric ELSE
    quantity::numeric * subscription_term_factor(term) * (10000 - discount) *
    CASE WHEN promotion IS NOT NULL AND promotion->>'kind' = 'recurring'
           AND coalesce(promotion->>'productId', product_id) = product_id THEN
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
  INSERT INTO subscription_mrr_changes (tenant_id, subscription_id, account_id, reseller_account_id, currency, at, arr_before, arr_after)
  SELECT x.tenant_id, x.id, x.account_id, x.reseller_account_id, x.currency, x.updated_at, 0, x.arr
  FROM (SELECT n.*, subscription_base_arr_e8(n.status, n.is_trial, n.quantity, n.unit_price, n.discount_basis_points,
          n.term, n.promotion, n.product_id) AS arr FROM new_rows n) x
  WHERE x.arr <> 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION subscription_mrr_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO subscription_mrr_changes (tenant_id, subscription_id, account_id, reseller_account_id, currency, at, arr_before, arr_after)
  SELECT x.tenant_id, x.id, x.account_id, x.reseller_account_id, x.currency, x.updated_at, x.arr_before, x.arr_after
  FROM (
    SELECT n.tenant_id, n.id, n.account_id, n.reseller_account_id, n.currency, n.updated_at,
      subscription_base_arr_e8(o.status, o.is_trial, o.quantity, o.unit_price, o.discount_basis_points, o.term, o.promotion, o.product_id)
        + subscription_addons_arr_e8(o.tenant_id, o.id, o.status, o.is_trial, o.discount_basis_points, o.term) AS arr_before,
      subscription_base_arr_e8(n.status, n.is_trial, n.quantity, n.unit_price, n.discount_basis_points, n.term, n.promotion, n.product_id)
        + subscription_addons_arr_e8(n.tenant_id, n.id, n.status, n.is_trial, n.discount_basis_points, n.term) AS arr_after
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (o.status, o.is_trial, o.quantity, o.unit_price, o.discount_basis_points, o.term, o.product_id, o.promotion)
      IS DISTINCT FROM (n.status, n.is_trial, n.quantity, n.unit_price, n.discount_basis_points, n.term, n.product_id, n.promotion)
  ) x
  WHERE x.arr_before <> x.arr_after;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Add-on rows: per subscription, the change of its add-ons' ARR; after = the subscription's whole
-- ARR now, before = after − that change.
CREATE FUNCTION subscription_addon_mrr_changes(p_changes jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO subscription_mrr_changes (tenant_id, subscription_id, account_id, reseller_account_id, currency, at, arr_before, arr_after)
  SELECT s.tenant_id, s.id, s.account_id, s.reseller_account_id, s.currency, c.at, y.arr_after - y.delta, y.arr_after
  FROM (SELECT (e->>'tenant_id') AS tenant_id, (e->>'subscription_id') AS subscription_id,
               sum((e->>'sign')::integer * (e->>'amount')::numeric) AS amount, max((e->>'at')::timestamptz) AS at
        FROM jsonb_array_elements(p_changes) e GROUP BY 1, 2) c
  JOIN subscriptions s ON s.tenant_id = c.tenant_id AND s.id = c.subscription_id
  CROSS JOIN LATERAL (SELECT
      CASE WHEN subscription_live_paid(s.status, s.is_trial)
        THEN c.amount * subscription_term_factor(s.term) * (10000 - s.discount_basis_points) * 10000 ELSE 0 END AS delta,
      subscription_base_arr_e8(s.status, s.is_trial, s.quantity, s.unit_price, s.discount_basis_points, s.term, s.promotion, s.product_id)
        + subscription_addons_arr_e8(s.tenant_id, s.id, s.status, s.is_trial, s.discount_basis_points, s.term) AS arr_after) y
  WHERE y.delta <> 0
$$;
--> statement-breakpoint
CREATE FUNCTION subscription_addon_mrr_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM subscription_addon_mrr_changes((SELECT jsonb_agg(jsonb_build_object('tenant_id', n.tenant_id,
    'subscription_id', n.subscription_id, 'sign', 1, 'amount', n.quantity::numeric * n.unit_price, 'at', n.updated_at))
    FROM new_rows n WHERE n.status = 'active'));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION subscription_addon_mrr_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM subscription_addon_mrr_changes((SELECT jsonb_agg(e) FROM (
    SELECT jsonb_build_object('tenant_id', n.tenant_id, 'subscription_id', n.subscription_id, 'sign', 1,
      'amount', n.quantity::numeric * n.unit_price, 'at', n.updated_at) AS e FROM new_rows n WHERE n.status = 'active'
    UNION ALL
    SELECT jsonb_build_object('tenant_id', o.tenant_id, 'subscription_id', o.subscription_id, 'sign', -1,
      'amount', o.quantity::numeric * o.unit_price, 'at', n.updated_at)
    FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.status = 'active') z));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER subscription_mrr_insert_tg AFTER INSERT ON subscriptions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subscription_mrr_on_insert();
--> statement-breakpoint
CREATE TRIGGER subscription_mrr_update_tg AFTER UPDATE ON subscriptions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subscription_mrr_on_update();
--> statement-breakpoint
CREATE TRIGGER subscription_addon_mrr_insert_tg AFTER INSERT ON subscription_addons
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subscription_addon_mrr_on_insert();
--> statement-breakpoint
CREATE TRIGGER subscription_addon_mrr_update_tg AFTER UPDATE ON subscription_addons
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subscription_addon_mrr_on_update();
--> statement-breakpoint
-- What exists already: one change from 0 per live paid subscription, at its activation.
INSERT INTO subscription_mrr_changes (tenant_id, subscription_id, account_id, reseller_account_id, currency, at, arr_before, arr_after)
SELECT x.tenant_id, x.id, x.account_id, x.reseller_account_id, x.currency, x.at, 0, x.arr FROM (
  SELECT s.tenant_id, s.id, s.account_id, s.reseller_account_id, s.currency,
    coalesce(s.activation_date::timestamptz, s.created_at) AS at,
    subscription_base_arr_e8(s.status, s.is_trial, s.quantity, s.unit_price, s.discount_basis_points, s.term, s.promotion, s.product_id)
      + subscription_addons_arr_e8(s.tenant_id, s.id, s.status, s.is_trial, s.discount_basis_points, s.term) AS arr
  FROM subscriptions s) x
WHERE x.arr <> 0;
