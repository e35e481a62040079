/**
 * What the admin reconciliation pages need beyond the API in index.ts (h12b): the URL filters (one zod
 * schema for the pages and the CSV routes), the discrepancy list with keyset pagination and the names
 * of who changed a state, and "replay the refund callback" of a discrepancy's order. Callers authorize
 * (pages: requirePageRole admin; routes: route({ roles: ['admin'] }); actions: guarded defs below).
 */
import 'server-only';
import { firstValue } from '@/lib/search-params';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { orders, providerCallbacks, reconDiscrepancies, users, type ReconReason } from '@/db/schema';
import type { GuardedDef } from '@/lib/actions';
import { RECON_REASONS, RECON_STATES } from '@/lib/domain/recon';
import { toCsv } from '@/lib/csv';
import { AppError } from '@/lib/errors';
import { isReplayable, replayCallback, type CallbackVerdict } from '@/lib/orders/callbacks';
import { addDays, isValidDate, shanghaiDate, shanghaiInstant } from '@/lib/time';
import { toRow, type DiscrepancyRow } from './queries';

/** A range longer than this is refused (a year of days is plenty for a chart or an export). */
export const MAX_RANGE_DAYS = 366;
/** The dashboard's default range: the last 14 Beijing days, today included. */
export const DEFAULT_RANGE_DAYS = 14;

export interface DayRange {
  /** yyyy-MM-dd, Beijing, inclusive both ends (what the form shows). */
  fromDay: string;
  toDay: string;
  /** The instants: from Beijing midnight of fromDay to Beijing midnight after toDay (exclusive). */
  from: Date;
  to: Date;
}

/**
 * Calendar days this portal can hold. A real date far out (9999-12-31) would pass isValidDate, but the
 * day after it has five year digits, which `new Date` cannot read: the range's end became Invalid Date
 * and the CSV broke off after its header (the pages answered 500).
 */
export const FIRST_DAY = '2000-01-01';
export const LAST_DAY = '2099-12-31';
const day = z
  .string()
  .refine(isValidDate, '请输入有效日期（年-月-日）。')
  .refine((d) => d >= FIRST_DAY && d <= LAST_DAY, `日期须在 ${FIRST_DAY.slice(0, 4)}–${LAST_DAY.slice(0, 4)} 年之间。`);
const optDay = z.preprocess((v) => (v === '' || v === null ? undefined : v), day.optional());

const bothValid = (r: { from?: unknown; to?: unknown }) =>
  typeof r.from === 'string' && typeof r.to === 'string' && isValidDate(r.from) && isValidDate(r.to);

export const rangeSchema = z
  .object({ from: optDay, to: optDay })
  // zod runs these even when a day above failed: only a pair of valid days is compared.
  .refine((r) => !bothValid(r) || r.from! <= r.to!, { message: '开始日期不能晚于结束日期。', path: ['to'] })
  .refine((r) => !bothValid(r) || r.to! < addDays(r.from!, MAX_RANGE_DAYS), {
    message: `日期范围最长 ${MAX_RANGE_DAYS} 天。`,
    path: ['to'],
  });

/** A range from the form's from/to (either may be missing: the other end defaults). */
export function toDayRange(
  r: { from?: string | undefined; to?: string | undefined },
  today = shanghaiDate(),
): DayRange {
  const toDay = r.to ?? (r.from && r.from > today ? r.from : today);
  const fromDay = r.from ?? addDays(toDay, -(DEFAULT_RANGE_DAYS - 1));
  return { fromDay, toDay, from: shanghaiInstant(fromDay), to: shanghaiInstant(addDays(toDay, 1)) };
}

/**
 * For pages: bad values are reported (the form shows them next to the field) and the default range is
 * used instead, so the page still renders.
 */
export function parseRangeForPage(raw: Record<string, string | string[] | undefined>): {
  range: DayRange;
  errors: Record<string, string[]>;
  input: { from: string; to: string };
} {
  const input = { from: firstValue(raw.from), to: firstValue(raw.to) };
  const parsed = rangeSchema.safeParse(input);
  if (parsed.success) return { range: toDayRange(parsed.data), errors: {}, input };
  const errors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (errors[String(issue.path[0] ?? 'to')] ??= []).push(issue.message);
  return { range: toDayRange({}), errors, input };
}

// ---- discrepancy list (keyset) ------------------------------------------------------------------------

const opt = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

export const STATE_FILTERS = ['unresolved', 'all', ...RECON_STATES] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

export const listFilterSchema = z.object({
  reason: opt(z.enum(RECON_REASONS, { message: '原因无效。' })),
  state: opt(z.enum(STATE_FILTERS, { message: '状态无效。' })),
  from: opt(day),
  to: opt(day),
  q: opt(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{4,64}$/, '订单号只含字母、数字，4–64 位。'),
  ),
  /** Keyset cursor: the last row's first_seen_at (ISO) and id. */
  afterAt: opt(z.string().datetime({ offset: true })),
  afterId: opt(z.string().uuid()),
});

export interface ListFilter {
  reason?: ReconReason;
  state: StateFilter;
  from?: string;
  to?: string;
  q?: string;
  after?: { at: string; id: string };
}

/** Per field: a bad value is dropped and reported, the rest still filter. */
export function parseListFilter(raw: Record<string, string | string[] | undefined>): {
  filter: ListFilter;
  errors: Record<string, string[]>;
} {
  const out: Record<string, string | undefined> = {};
  const errors: Record<string, string[]> = {};
  for (const [k, schema] of Object.entries(listFilterSchema.shape)) {
    const r = (schema as z.ZodType).safeParse(firstValue(raw[k]));
    if (r.success) {
      if (r.data !== undefined) out[k] = r.data as string;
    } else errors[k] = r.error.issues.map((i) => i.message);
  }
  if (out.from && out.to && out.from > out.to) {
    errors.to = ['开始日期不能晚于结束日期。'];
    delete out.to;
  }
  const filter: ListFilter = { state: (out.state as StateFilter | undefined) ?? 'unresolved' };
  if (out.reason) filter.reason = out.reason as ReconReason;
  if (out.from) filter.from = out.from;
  if (out.to) filter.to = out.to;
  if (out.q) filter.q = out.q;
  if (out.afterAt && out.afterId) filter.after = { at: out.afterAt, id: out.afterId };
  return { filter, errors };
}

/** A list row: the discrepancy and who changed its state last as people read it (a name; 系统 for the run). */
export type ListRow = DiscrepancyRow & { stateByName: string | null };

export const PAGE_SIZE = 50;

function listParts(f: ListFilter): SQL[] {
  const parts: SQL[] = [];
  if (f.state === 'unresolved') parts.push(sql`d.state in ('open', 'explained')`);
  else if (f.state !== 'all') parts.push(sql`d.state = ${f.state}`);
  if (f.reason) parts.push(sql`d.reason = ${f.reason}`);
  // Raw SQL parameters are strings: the driver does not serialize a Date here.
  if (f.from) parts.push(sql`d.first_seen_at >= ${shanghaiInstant(f.from).toISOString()}::timestamptz`);
  if (f.to) parts.push(sql`d.first_seen_at < ${shanghaiInstant(addDays(f.to, 1)).toISOString()}::timestamptz`);
  if (f.q)
    parts.push(
      sql`d.order_id in (select id from orders where provider_order_no = ${f.q} or customer_order_no = ${f.q})`,
    );
  return parts;
}

const whereOf = (parts: SQL[]): SQL => (parts.length ? sql`where ${sql.join(parts, sql` and `)}` : sql``);

/** Newest first, PAGE_SIZE at a time; `next` is the cursor of the following page (null at the end). */
export async function discrepancyPage(f: ListFilter): Promise<{
  rows: ListRow[];
  total: number;
  next: { afterAt: string; afterId: string } | null;
}> {
  const parts = listParts(f);
  const where = whereOf(parts);
  const paged = whereOf(
    f.after ? [...parts, sql`(d.first_seen_at, d.id) < (${f.after.at}::timestamptz, ${f.after.id}::uuid)`] : parts,
  );
  const rows = await db().execute<Record<string, unknown>>(sql`
    select d.id, d.reason, d.state, d.order_id, o.provider_order_no, o.customer_order_no, o.train_code, o.agency_id,
           d.ticket_id, t.passenger_name, d.change_order_id, d.expected_fen, d.reported_fen, d.provider_moved_fen,
           d.paid_back_fen, d.detail, d.first_seen_at, d.last_seen_at, d.state_by, d.state_at, d.state_note,
           -- The cursor keeps the microseconds a JS Date would drop (rows within one millisecond stay apart).
           to_char(d.first_seen_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at
    from recon_discrepancies d
    join orders o on o.id = d.order_id
    left join order_tickets t on t.id = d.ticket_id
    ${paged}
    order by d.first_seen_at desc, d.id desc
    limit ${PAGE_SIZE + 1}`);
  const [c] = await db().execute<{ n: number }>(sql`select count(*)::int as n from recon_discrepancies d ${where}`);
  const page = rows.slice(0, PAGE_SIZE);
  const names = await actorNames(page.map((r) => r.state_by as string | null));
  const list: ListRow[] = page.map((r) => {
    const row = toRow(r);
    return { ...row, stateByName: row.stateBy ? (names.get(row.stateBy) ?? null) : null };
  });
  const last = page[page.length - 1];
  return {
    rows: list,
    total: c?.n ?? 0,
    next: rows.length > PAGE_SIZE && last ? { afterAt: String(last.cursor_at), afterId: String(last.id) } : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SYSTEM_ACTORS: Record<string, string> = { reconciliation: '系统（对账）', worker: '系统（定时对账）' };

/** Actors as people read them: a user id becomes the user's name; the worker and the run are 系统. */
export async function actorNames(actors: (string | null | undefined)[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const ids = [...new Set(actors.filter((a): a is string => !!a && UUID.test(a)))];
  if (ids.length) {
    const rows = await db()
      .select({ id: users.id, name: users.displayName, email: users.email })
      .from(users)
      .where(inArray(users.id, ids));
    for (const r of rows) out.set(r.id, `${r.name}（${r.email}）`);
  }
  for (const a of actors) if (a && !out.has(a)) out.set(a, UUID.test(a) ? '已删除的账号' : (SYSTEM_ACTORS[a] ?? a));
  return out;
}

/** Query string of a filter (for links: next page, CSV export). */
export function filterQuery(f: Partial<ListFilter>, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  if (f.reason) p.set('reason', f.reason);
  if (f.state && f.state !== 'unresolved') p.set('state', f.state);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.q) p.set('q', f.q);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

// ---- replay the refund callback of a discrepancy's order ------------------------------------------------

/** The order's latest refund callback that may be replayed (its sign passed on receipt), if any. */
export async function latestRefundCallback(orderId: string): Promise<{ id: number; receivedAt: Date } | null> {
  const [o] = await db().select({ no: orders.providerOrderNo }).from(orders).where(eq(orders.id, orderId));
  if (!o?.no) return null;
  const rows = await db()
    .select({
      id: providerCallbacks.id,
      verdict: providerCallbacks.verdict,
      providerOrderNo: providerCallbacks.providerOrderNo,
      receivedAt: providerCallbacks.receivedAt,
    })
    .from(providerCallbacks)
    .where(and(eq(providerCallbacks.providerOrderNo, o.no), eq(providerCallbacks.kind, 'refund')))
    .orderBy(desc(providerCallbacks.id))
    .limit(20);
  const r = rows.find(isReplayable);
  return r ? { id: r.id, receivedAt: r.receivedAt } : null;
}

const replayRefundSchema = z.object({ discrepancyId: z.string().uuid('差异编号无效。') });

/**
 * Replays the latest refund callback of the discrepancy's order (lib/orders/callbacks.ts: re-read
 * 订单详情 and apply, logged as a replay by the admin). The discrepancy itself is left to the next
 * reconciliation run, which resolves it if the money now matches.
 */
export const replayRefundCallbackDef = {
  roles: ['admin'],
  schema: replayRefundSchema,
  body: async ({ discrepancyId }, user) => {
    if (!user) throw new AppError('unauthenticated', '请先登录。');
    const [d] = await db()
      .select({ orderId: reconDiscrepancies.orderId })
      .from(reconDiscrepancies)
      .where(eq(reconDiscrepancies.id, discrepancyId));
    if (!d) throw new AppError('not_found', '差异记录不存在。');
    const cb = await latestRefundCallback(d.orderId);
    if (!cb) throw new AppError('conflict', '该订单没有可重放的退款回调（供应商从未发来或签名未通过）。');
    const out = await replayCallback(cb.id, user.id);
    return { callbackId: cb.id, verdict: out.verdict, logId: out.logId };
  },
} satisfies GuardedDef<typeof replayRefundSchema, { callbackId: number; verdict: CallbackVerdict; logId: number }>;

// ---- CSV --------------------------------------------------------------------------------------------------

/**
 * A CSV download streamed row by row from one of the API's row generators (header first), with a BOM
 * so spreadsheet programs read it as UTF-8. The rows carry no ID or phone numbers (names and order
 * numbers only), so nothing needs masking here. The first batch is read before answering: a query that
 * fails is then an error answer (the route's 500 JSON), not a 200 download that breaks off.
 */
export async function csvResponse(rows: AsyncGenerator<string[]>, filename: string): Promise<Response> {
  const BATCH = 500;
  const encoder = new TextEncoder();
  const batch = async (): Promise<string[][]> => {
    const lines: string[][] = [];
    for (let i = 0; i < BATCH; i++) {
      const r = await rows.next();
      if (r.done) break;
      lines.push(r.value);
    }
    return lines;
  };
  const first = await batch();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${toCsv(first)}`));
      if (first.length < BATCH) controller.close();
    },
    async pull(controller) {
      const lines = await batch();
      if (lines.length) controller.enqueue(encoder.encode(toCsv(lines)));
      if (lines.length < BATCH) controller.close();
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
}
