import { queryOne, queryRows, sql, type Tx } from "../../shared/db.ts";

/**
 * The chunk plan of a billing run's invoicing (billing_run_chunks, issue 17): written once by the
 * run, claimed chunk by chunk by its lanes and by any worker process that joins the run.
 */

/** Writes the plan (once: a second writer of the same run changes nothing). */
export async function planChunks(
  tx: Tx,
  input: { runId: string; tenantId: string; day: string; chunks: ReadonlyArray<readonly string[]> },
): Promise<void> {
  if (input.chunks.length === 0) return;
  await tx.execute(sql`
    insert into billing_run_chunks (run_id, seq, tenant_id, run_date, account_ids)
    select ${input.runId}, c.seq::int, ${input.tenantId}, ${input.day}::date,
      array(select jsonb_array_elements_text(c.accounts))
    from jsonb_array_elements(${JSON.stringify(input.chunks)}::jsonb) with ordinality as c(accounts, seq)
    on conflict do nothing`);
}

export interface ClaimedChunk {
  seq: number;
  tenant_id: string;
  run_date: string;
  account_ids: string[];
}

/**
 * Claims the first open chunk of the run for the caller's transaction: row-locked, so no one else
 * takes it while the transaction lives. `wait` false skips chunks others hold (a lane looking for
 * work); true waits for them (the run making sure every chunk is done: a holder that commits
 * leaves it done and it is skipped; one that rolled back leaves it open and it is returned).
 */
export async function claimChunk(tx: Tx, runId: string, wait: boolean): Promise<ClaimedChunk | undefined> {
  const rows = await queryRows<{ seq: number; tenant_id: string; run_date: string; account_ids: unknown }>(
    tx,
    sql`select seq, tenant_id, run_date::text as run_date, array_to_json(account_ids)::text as account_ids
        from billing_run_chunks where run_id = ${runId} and not done
        order by seq limit 1
        for update ${wait ? sql`` : sql`skip locked`}`,
  );
  const row = rows[0];
  if (!row) return undefined;
  return { ...row, account_ids: JSON.parse(String(row.account_ids)) as string[] };
}

/** Marks a claimed chunk done with what it wrote (in the claiming transaction). */
export async function finishChunk(
  tx: Tx,
  runId: string,
  seq: number,
  done: { charges: number; documents: number },
): Promise<void> {
  await tx.execute(sql`
    update billing_run_chunks set done = true, charges = ${done.charges}, documents = ${done.documents}
    where run_id = ${runId} and seq = ${seq}`);
}

/** Whether the run has a plan yet (a joining worker waits for it). */
export async function hasPlan(tx: Tx, runId: string): Promise<boolean> {
  return (
    (await queryOne(tx, sql`select 1 as x from billing_run_chunks where run_id = ${runId} limit 1`)) !==
    undefined
  );
}

/** Sums the run's chunks once all are done, and deletes them. */
export async function closePlan(
  tx: Tx,
  runId: string,
): Promise<{ charges: number; documents: number; accounts: number }> {
  const sums = await queryOne<{ charges: string; documents: string; accounts: string }>(
    tx,
    sql`select coalesce(sum(charges), 0)::text as charges, coalesce(sum(documents), 0)::text as documents,
          coalesce(sum(cardinality(account_ids)), 0)::text as accounts
        from billing_run_chunks where run_id = ${runId}`,
  );
  await tx.execute(sql`delete from billing_run_chunks where run_id = ${runId}`);
  return {
    charges: Number(sums?.charges ?? 0),
    documents: Number(sums?.documents ?? 0),
    accounts: Number(sums?.accounts ?? 0),
  };
}

/** Plans left by runs that ended (a run that failed part-way): their work is redone by a new run's plan. */
export async function dropStalePlans(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(sql`
    delete from billing_run_chunks c where c.tenant_id = ${tenantId}
      and exists (select 1 from billing_runs r where r.id = c.run_id and r.status in ('completed', 'failed'))`);
}
