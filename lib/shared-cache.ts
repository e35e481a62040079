/**
 * A TTL cache with single-flight shared by every process on the database (portal instances and the
 * worker), in the search_cache table:
 * - a hit is one primary-key read of a row whose expires_at (database clock, so instances agree) is
 *   still ahead;
 * - a miss takes a transaction-scoped advisory lock on the key, reads again (another process may have
 *   just loaded it while this one waited), and only then loads and stores; so concurrent misses in all
 *   processes together make one load per window. Within a process, concurrent callers of a key share
 *   one promise first, so a process holds at most one connection per key while it waits.
 * - a failed load stores nothing (the transaction rolls back and the lock goes with it).
 * - a miss holds its pooled connection (the lock's transaction) while it loads, and the load needs
 *   connections of the same pool (the provider call's bookkeeping, the rotation's lock): so at most
 *   half the pool runs misses at once (p-limit), the rest queue in the process. Without that bound, as
 *   many concurrent misses of different keys as the pool has connections each held one and waited for
 *   another: the pool deadlocked and every search and page of the instance hung (found by the cluster
 *   bench, 16 concurrent searches on a pool of 10).
 * Why Postgres and not Redis: every instance already shares it, an advisory lock is exactly the
 * cross-process mutex needed, and a lookup costs a fraction of a millisecond next to the provider's
 * tens; a second server to run, secure and back up would not earn its place at this load.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import type postgres from 'postgres';
import { sqlClient } from '@/db/client';

// JSON goes in and out as text: the portal's client is shared with drizzle, which replaces
// postgres.js's json parsers and serializers with pass-throughs.

export class SharedCache<V> {
  private readonly inflight = new Map<string, Promise<V>>();
  private misses: LimitFunction | undefined;
  /** Loads this process ran (each one a call to what `load` wraps). */
  loads = 0;

  constructor(
    /** Keys are stored as `${namespace}:${key}`. */
    private readonly namespace: string,
    private readonly ttlMs: number,
    /** Turns the stored JSON back into a value (e.g. ISO strings into Dates). */
    private readonly revive: (json: unknown) => V,
    private readonly sql: () => postgres.Sql = sqlClient,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const k = `${this.namespace}:${key}`;
    const pending = this.inflight.get(k);
    if (pending) return pending;
    const p = this.read(k, load).finally(() => this.inflight.delete(k));
    this.inflight.set(k, p);
    return p;
  }

  async invalidate(key: string): Promise<void> {
    await this.sql()`delete from search_cache where key = ${`${this.namespace}:${key}`}`;
  }

  private async read(k: string, load: () => Promise<V>): Promise<V> {
    const sql = this.sql();
    const [hit] = await sql<{ value: string }[]>`
      select value::text as value from search_cache where key = ${k} and expires_at > now()`;
    if (hit) return this.revive(JSON.parse(hit.value));
    this.misses ??= pLimit(Math.max(1, Math.floor(sql.options.max / 2)));
    return this.misses(() => this.load(sql, k, load));
  }

  private load(sql: postgres.Sql, k: string, load: () => Promise<V>): Promise<V> {
    return sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtextextended(${k}, 0))`;
      const [again] = await tx<{ value: string }[]>`
        select value::text as value from search_cache where key = ${k} and expires_at > now()`;
      if (again) return this.revive(JSON.parse(again.value));
      this.loads++;
      const value = await load();
      await tx`
        insert into search_cache (key, value, loaded_at, expires_at)
        values (${k}, ${JSON.stringify(value)}::text::jsonb, now(), now() + ${this.ttlMs} * interval '1 millisecond')
        on conflict (key) do update
          set value = excluded.value, loaded_at = excluded.loaded_at, expires_at = excluded.expires_at`;
      // Expired rows of any key go now and then (the table holds about one row per recent search).
      if (this.loads % 50 === 1) await tx`delete from search_cache where expires_at < now() - interval '10 minutes'`;
      return value;
    }) as Promise<V>;
  }
}
