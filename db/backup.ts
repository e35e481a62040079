/**
 * Logical backup and restore of the portal's database (`npm run db:backup`, `npm run db:restore`,
 * scripts/db-backup.ts; README "Backups").
 *
 * Why not pg_dump: the embedded Postgres (18) ships only initdb, pg_ctl and postgres, and a system
 * pg_dump of an older major version refuses a newer server. So the backup does what pg_dump does, in
 * SQL over the ordinary connection, which works against any server version the portal runs on:
 * - one REPEATABLE READ READ ONLY transaction, so every table is read from the same snapshot (a
 *   consistent cut, with concurrent bookings going on);
 * - the id of the newest applied migration (drizzle's own table), so the restore can build exactly
 *   that schema from the committed migrations instead of carrying DDL in the file;
 * - `COPY table (columns) TO STDOUT` of every table of the `public` schema, parents before children
 *   (foreign keys), each section ended by the COPY text format's own `\.` line;
 * - every sequence's value of `public` (identity columns), read after the data (sequences are not
 *   transactional: a value read later is higher, never too low).
 * Left out: the `pgboss` schema (the job queue: pg-boss creates it at start; what was queued is derived
 * again by the worker's sweep every minute from the orders', payments' and refunds' states), the
 * `sandbox` schema (the provider's stand-in, not the portal's data) and `worker_heartbeats` (transient).
 *
 * File: gzip of lines. Line 1: a JSON header. Then per table a line `@@table <name>` and its COPY
 * text lines up to `\.`. Then `@@sequences <json>` and last `@@end <json>` (rows per table): a file
 * without its end line is refused whole.
 *
 * Restore (into an empty database only): migrate it to the backup's migration (a temporary copy of the
 * migrations folder cut at that entry), then in one transaction empty the tables (migrations may
 * insert rows), COPY every table in, set the sequences, check the row counts against the end line and
 * commit; then apply the migrations committed after the backup's (the way the live database would
 * have gone).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { migratePortal } from './migrate';

const here = path.dirname(fileURLToPath(import.meta.url));
const MIGRATIONS = path.join(here, 'migrations');
export const BACKUP_FORMAT = 'rail-portal-backup';
/** Tables whose rows are not kept (their schema is, through the migrations). */
export const TRANSIENT_TABLES = ['worker_heartbeats'];

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}
const readJournal = (dir = MIGRATIONS): Journal =>
  JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as Journal;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: 1;
  /** When the snapshot was taken (the transaction's start, the server's clock). */
  takenAt: string;
  serverVersion: string;
  migration: { tag: string; when: number };
  tables: { name: string; columns: string[] }[];
}

export interface BackupSummary {
  file: string;
  header: BackupHeader;
  rows: Record<string, number>;
  bytes: number;
}

type Sql = postgres.Sql | postgres.TransactionSql;

/** The tables of `public`, parents before children (a table's foreign keys point at earlier ones). */
async function tablesInForeignKeyOrder(sql: Sql): Promise<string[]> {
  const tables = (
    await sql<{ name: string }[]>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by c.relname`
  ).map((r) => r.name);
  const edges = await sql<{ child: string; parent: string }[]>`
    select c.relname as child, p.relname as parent
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid join pg_namespace cn on cn.oid = c.relnamespace
    join pg_class p on p.oid = k.confrelid join pg_namespace pn on pn.oid = p.relnamespace
    where k.contype = 'f' and cn.nspname = 'public' and pn.nspname = 'public' and c.oid <> p.oid`;
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const e of edges) parents.get(e.child)?.add(e.parent);
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < tables.length) {
    const next = tables.filter((t) => !done.has(t) && [...parents.get(t)!].every((p) => done.has(p)));
    if (!next.length)
      throw new Error(`foreign keys form a cycle among ${tables.filter((t) => !done.has(t)).join(', ')}`);
    for (const t of next) {
      order.push(t);
      done.add(t);
    }
  }
  return order;
}

async function columnsOf(sql: Sql, table: string): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select a.attname as name from pg_attribute a
    where a.attrelid = ${`public.${quoteIdent(table)}`}::regclass and a.attnum > 0 and not a.attisdropped
      and a.attgenerated = '' order by a.attnum`;
  return rows.map((r) => r.name);
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
const columnList = (cols: string[]) => cols.map(quoteIdent).join(', ');

/** Writes a backup of `databaseUrl` to `file` (gzip); see the top of this file. */
export async function backupDatabase(databaseUrl: string, file: string): Promise<BackupSummary> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const tmp = `${file}.partial`;
  const gzip = zlib.createGzip();
  const out = fs.createWriteStream(tmp);
  const piped = pipeline(gzip, out);
  const write = (s: string) =>
    new Promise<void>((resolve, reject) => {
      gzip.write(s, (e) => (e ? reject(e) : resolve()));
    });
  try {
    const { header, rows } = await sql.begin('isolation level repeatable read read only', async (tx) => {
      const [meta] = await tx<{ taken_at: Date; version: string }[]>`
        select now() as taken_at, current_setting('server_version') as version`;
      const [applied] = await tx<{ created_at: string }[]>`
        select created_at::text from drizzle.__drizzle_migrations order by created_at desc limit 1`;
      const entry = readJournal().entries.find((e) => String(e.when) === applied?.created_at);
      if (!entry)
        throw new Error(
          `the database's newest migration (${applied?.created_at ?? 'none'}) is not in this code's db/migrations: back up with the code that migrated it`,
        );
      const names = (await tablesInForeignKeyOrder(tx)).filter((t) => !TRANSIENT_TABLES.includes(t));
      const tables = [];
      for (const name of names) tables.push({ name, columns: await columnsOf(tx, name) });
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: 1,
        takenAt: meta!.taken_at.toISOString(),
        serverVersion: meta!.version,
        migration: { tag: entry.tag, when: entry.when },
        tables,
      };
      await write(`${JSON.stringify(header)}\n`);
      const rows: Record<string, number> = {};
      for (const t of tables) {
        await write(`@@table ${t.name}\n`);
        // A query's COPY: a partitioned table (order_events, by month) has no rows of its own to COPY
        // TO; its partitions' rows come through the select (COPY FROM into it routes them back).
        const stream = await tx
          .unsafe(`copy (select ${columnList(t.columns)} from public.${quoteIdent(t.name)}) to stdout`)
          .readable();
        // Flowing mode, each chunk handed to gzip at once (gzip buffers): postgres.js's copy stream can
        // stall for good when its consumer applies backpressure (it pauses the socket after a read
        // already resumed it), which an async iterator over it did here about one run in three.
        let n = 0;
        let tail = '';
        await new Promise<void>((resolve, reject) => {
          stream.on('data', (chunk: Buffer) => {
            for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) n++;
            if (chunk.length) tail = chunk.toString('utf8', Math.max(0, chunk.length - 1));
            gzip.write(chunk);
          });
          stream.once('end', resolve);
          stream.once('error', reject);
        });
        if (n > 0 && !tail.endsWith('\n')) throw new Error(`copy of ${t.name} ended mid-row`);
        await write('\\.\n');
        rows[t.name] = n;
      }
      const seqs = await tx<{ name: string; last_value: string | null }[]>`
        select sequencename as name, last_value::text from pg_sequences where schemaname = 'public'`;
      await write(`@@sequences ${JSON.stringify(seqs.map((s) => ({ name: s.name, lastValue: s.last_value })))}\n`);
      await write(`@@end ${JSON.stringify({ rows })}\n`);
      return { header, rows };
    });
    gzip.end();
    await piped;
    fs.renameSync(tmp, file);
    return { file, header, rows, bytes: fs.statSync(file).size };
  } catch (e) {
    gzip.destroy();
    await piped.catch(() => undefined);
    fs.rmSync(tmp, { force: true });
    throw e;
  } finally {
    await sql.end();
  }
}

/** The lines of a backup file, one at a time. */
function linesOf(file: string): AsyncIterableIterator<string> {
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  return readline.createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
}

/** The header and the end line, reading the file through once (a truncated file is refused here). */
export async function inspectBackup(file: string): Promise<{ header: BackupHeader; rows: Record<string, number> }> {
  const lines = linesOf(file);
  const first = await lines.next();
  if (first.done) throw new Error(`${file}: empty`);
  const header = JSON.parse(first.value) as BackupHeader;
  if (header.format !== BACKUP_FORMAT || header.version !== 1) throw new Error(`${file}: not a portal backup`);
  let end: { rows: Record<string, number> } | undefined;
  for await (const line of lines) if (line.startsWith('@@end ')) end = JSON.parse(line.slice(6)) as typeof end;
  if (!end) throw new Error(`${file}: no end line (the backup is incomplete)`);
  return { header, rows: end.rows };
}

/** A copy of db/migrations with the journal cut after `tag` (to build the schema a backup was taken at). */
function migrationsUpTo(tag: string): { dir: string; dispose: () => void } {
  const journal = readJournal();
  const at = journal.entries.findIndex((e) => e.tag === tag);
  if (at < 0)
    throw new Error(`the backup's migration ${tag} is not in this code's db/migrations (newer backup than code?)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rail-migrations-'));
  fs.mkdirSync(path.join(dir, 'meta'));
  const entries = journal.entries.slice(0, at + 1);
  for (const e of entries) fs.copyFileSync(path.join(MIGRATIONS, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  return { dir, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface RestoreSummary {
  header: BackupHeader;
  rows: Record<string, number>;
  /** Migrations applied after the backup's (code newer than the backup). */
  laterMigrations: number;
}

/** Restores `file` into the empty database at `databaseUrl`; see the top of this file. */
export async function restoreDatabase(file: string, databaseUrl: string): Promise<RestoreSummary> {
  const { header, rows: expected } = await inspectBackup(file);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [used] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'drizzle') and c.relkind in ('r', 'p')`;
    if (used!.n > 0) throw new Error('the target database is not empty: restore into a new, empty database');

    const cut = migrationsUpTo(header.migration.tag);
    try {
      await migrate(drizzle(sql), { migrationsFolder: cut.dir });
    } finally {
      cut.dispose();
    }

    const rows: Record<string, number> = {};
    await sql.begin(async (tx) => {
      const present = await tablesInForeignKeyOrder(tx);
      const missing = header.tables.filter((t) => !present.includes(t.name));
      if (missing.length) throw new Error(`tables missing after migrating: ${missing.map((t) => t.name).join(', ')}`);
      await tx.unsafe(`truncate ${present.map((t) => `public.${quoteIdent(t)}`).join(', ')}`);
      const lines = linesOf(file);
      await lines.next(); // the header
      let ended = false;
      for (let next = await lines.next(); !next.done; next = await lines.next()) {
        const line = next.value;
        if (line.startsWith('@@table ')) {
          const name = line.slice(8);
          const t = header.tables.find((x) => x.name === name);
          if (!t) throw new Error(`table ${name} is not in the backup's header`);
          const sink = await tx
            .unsafe(`copy public.${quoteIdent(name)} (${columnList(t.columns)}) from stdin`)
            .writable();
          const done = new Promise<void>((resolve, reject) => {
            sink.once('finish', resolve);
            sink.once('error', reject);
          });
          let n = 0;
          for (let row = await lines.next(); ; row = await lines.next()) {
            if (row.done) throw new Error(`${file}: table ${name} is cut short`);
            if (row.value === '\\.') break;
            n++;
            if (!sink.write(`${row.value}\n`)) await new Promise((r) => sink.once('drain', r));
          }
          sink.end();
          await done;
          rows[name] = n;
        } else if (line.startsWith('@@sequences ')) {
          const seqs = JSON.parse(line.slice(12)) as { name: string; lastValue: string | null }[];
          for (const s of seqs) {
            const target = `public.${quoteIdent(s.name)}`;
            if (s.lastValue === null) await tx`select setval(${target}::regclass, 1, false)`;
            else await tx`select setval(${target}::regclass, ${s.lastValue}::bigint, true)`;
          }
        } else if (line.startsWith('@@end ')) {
          ended = true;
        }
      }
      if (!ended) throw new Error(`${file}: no end line`);
      for (const [name, n] of Object.entries(expected))
        if (rows[name] !== n) throw new Error(`table ${name}: restored ${rows[name] ?? 0} rows, the backup has ${n}`);
    });
    const before = readJournal().entries.findIndex((e) => e.tag === header.migration.tag);
    await migratePortal(databaseUrl);
    return { header, rows, laterMigrations: readJournal().entries.length - 1 - before };
  } finally {
    await sql.end();
  }
}
