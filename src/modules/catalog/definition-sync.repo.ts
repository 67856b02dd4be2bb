import { queryRows, sql, type Tx } from "../../shared/db.ts";
import type { CurrentState, SyncPlan } from "./catalog.sync.ts";

/**
 * Set-based SQL of Get Services Definition (stack-traps #8, #9): every write is one statement
 * over a JSON array unpacked with jsonb_to_recordset / jsonb_array_elements_text — never a
 * query per product. Arrays travel as one jsonb parameter, which both drivers pass alike.
 */

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;
const ids = (list: readonly string[]) => sql`(select jsonb_array_elements_text(${json(list)}))`;

export async function loadSyncState(
  tx: Tx,
  tenantId: string,
  instanceId: string,
  typeCodes: readonly string[],
  skus: readonly string[],
  setCodes: readonly string[],
): Promise<CurrentState> {
  const types = await queryRows<CurrentState["types"][number]>(
    tx,
    sql`select id, code, name, policies, status, service_manager_instance_id as "serviceManagerInstanceId"
        from product_types
        where tenant_id = ${tenantId} and (code in ${ids(typeCodes)} or service_manager_instance_id = ${instanceId})`,
  );
  const typeIds = types.map((t) => t.id);
  const products = await queryRows<CurrentState["products"][number]>(
    tx,
    sql`select id, sku, product_type_id as "productTypeId", status, definition_hash as "definitionHash"
        from products
        where tenant_id = ${tenantId} and (sku in ${ids(skus)} or product_type_id in ${ids(typeIds)})`,
  );
  const ofTypes = sql`(select id from products where tenant_id = ${tenantId} and product_type_id in ${ids(typeIds)})`;
  const addonLinks = await queryRows<CurrentState["addonLinks"][number]>(
    tx,
    sql`select parent_product_id as "parentId", addon_product_id as "addonId"
        from product_addons where tenant_id = ${tenantId} and parent_product_id in ${ofTypes}`,
  );
  const edges = await queryRows<CurrentState["edges"][number]>(
    tx,
    sql`select id, from_product_id as "from", to_product_id as "to", source
        from upgrade_paths where tenant_id = ${tenantId} and (from_product_id in ${ofTypes} or to_product_id in ${ofTypes})`,
  );
  const sets = await queryRows<
    Omit<CurrentState["sets"][number], "memberIds"> & { memberIds: string[] | null }
  >(
    tx,
    sql`select s.id, s.code, s.name, s.scope, s.product_type_id as "productTypeId",
          (select array_agg(m.product_id) from exclusive_set_members m where m.set_id = s.id) as "memberIds"
        from exclusive_sets s
        where s.tenant_id = ${tenantId} and (s.product_type_id in ${ids(typeIds)} or s.code in ${ids(setCodes)})`,
  );
  return {
    types,
    products,
    addonLinks,
    edges,
    sets: sets.map((s) => ({ ...s, memberIds: s.memberIds ?? [] })),
  };
}

/** Applies a plan; the caller holds the transaction (all or nothing). */
export async function applySyncPlan(tx: Tx, tenantId: string, instanceId: string, plan: SyncPlan, now: Date) {
  const at = sql`${now.toISOString()}::timestamptz`;
  if (plan.typeUpserts.length > 0)
    await tx.execute(sql`
      insert into product_types (id, tenant_id, code, name, service_manager_instance_id, policies, status, created_at, updated_at)
      select x.id, ${tenantId}, x.code, x.name, ${instanceId}, x.policies, 'active', ${at}, ${at}
      from jsonb_to_recordset(${json(plan.typeUpserts)}) as x(id text, code text, name text, policies jsonb)
      on conflict (tenant_id, code) do update set
        name = excluded.name, policies = excluded.policies, status = 'active',
        service_manager_instance_id = excluded.service_manager_instance_id, updated_at = excluded.updated_at`);
  if (plan.typeRetire.length > 0)
    await tx.execute(sql`update product_types set status = 'retired', updated_at = ${at}
      where tenant_id = ${tenantId} and id in ${ids(plan.typeRetire)}`);
  if (plan.productUpserts.length > 0)
    // One statement: a trial and its paid twin may arrive together (the FK is checked at its end).
    await tx.execute(sql`
      insert into products (id, tenant_id, product_type_id, sku, name, description, features, kind, term, is_trial, trial_days,
        trial_paid_product_id, included_licences, min_quantity, max_quantity, list_price, cost, currency,
        characteristics, excluded_from_proration, status, definition_hash, created_at, updated_at)
      select x.id, ${tenantId}, x.product_type_id, x.sku, x.name, x.description, x.features, x.kind, x.term, x.is_trial, x.trial_days,
        x.trial_paid_product_id, x.included_licences, x.min_quantity, x.max_quantity, x.list_price, x.cost, x.currency,
        x.characteristics, x.excluded_from_proration, 'active', x.definition_hash, ${at}, ${at}
      from jsonb_to_recordset(${json(plan.productUpserts)}) as x(id text, product_type_id text, sku text, name text,
        description text, features jsonb, kind text, term text, is_trial boolean, trial_days int, trial_paid_product_id text,
        included_licences int, min_quantity int, max_quantity int, list_price bigint, cost bigint, currency text,
        characteristics jsonb, excluded_from_proration boolean, definition_hash text)
      on conflict (tenant_id, sku) do update set
        product_type_id = excluded.product_type_id, name = excluded.name, description = excluded.description,
        features = excluded.features, kind = excluded.kind, term = excluded.term, is_trial = excluded.is_trial, trial_days = excluded.trial_days,
        trial_paid_product_id = excluded.trial_paid_product_id, included_licences = excluded.included_licences,
        min_quantity = excluded.min_quantity, max_quantity = excluded.max_quantity, list_price = excluded.list_price,
        cost = excluded.cost, currency = excluded.currency, characteristics = excluded.characteristics,
        excluded_from_proration = excluded.excluded_from_proration, status = 'active',
        definition_hash = excluded.definition_hash, updated_at = excluded.updated_at`);
  if (plan.productRetire.length > 0)
    await tx.execute(sql`update products set status = 'retired', updated_at = ${at}
      where tenant_id = ${tenantId} and id in ${ids(plan.productRetire)}`);
  if (plan.addonDelete.length > 0)
    await tx.execute(sql`delete from product_addons pa
      using jsonb_to_recordset(${json(plan.addonDelete)}) as x(p text, a text)
      where pa.tenant_id = ${tenantId} and pa.parent_product_id = x.p and pa.addon_product_id = x.a`);
  if (plan.addonInsert.length > 0)
    await tx.execute(sql`insert into product_addons (tenant_id, parent_product_id, addon_product_id)
      select ${tenantId}, x.p, x.a from jsonb_to_recordset(${json(plan.addonInsert)}) as x(p text, a text)
      on conflict do nothing`);
  if (plan.edgeDelete.length > 0)
    await tx.execute(
      sql`delete from upgrade_paths where tenant_id = ${tenantId} and id in ${ids(plan.edgeDelete)}`,
    );
  if (plan.edgeUpserts.length > 0)
    await tx.execute(sql`insert into upgrade_paths (id, tenant_id, from_product_id, to_product_id, source, created_at)
      select x.id, ${tenantId}, x.f, x.t, 'definition', ${at}
      from jsonb_to_recordset(${json(plan.edgeUpserts)}) as x(id text, f text, t text)
      on conflict (tenant_id, from_product_id, to_product_id) do update set source = 'definition'`);
  if (plan.setDelete.length > 0)
    await tx.execute(
      sql`delete from exclusive_sets where tenant_id = ${tenantId} and id in ${ids(plan.setDelete)}`,
    );
  if (plan.setUpserts.length > 0)
    await tx.execute(sql`insert into exclusive_sets (id, tenant_id, code, name, scope, product_type_id, created_at)
      select x.id, ${tenantId}, x.code, x.name, x.scope, x.product_type_id, ${at}
      from jsonb_to_recordset(${json(plan.setUpserts)}) as x(id text, code text, name text, scope text, product_type_id text)
      on conflict (tenant_id, code) do update set
        name = excluded.name, scope = excluded.scope, product_type_id = excluded.product_type_id`);
  if (plan.memberDelete.length > 0)
    await tx.execute(sql`delete from exclusive_set_members m
      using jsonb_to_recordset(${json(plan.memberDelete)}) as x(s text, p text)
      where m.set_id = x.s and m.product_id = x.p`);
  if (plan.memberInsert.length > 0)
    await tx.execute(sql`insert into exclusive_set_members (set_id, product_id)
      select x.s, x.p from jsonb_to_recordset(${json(plan.memberInsert)}) as x(s text, p text)
      on conflict do nothing`);
}
