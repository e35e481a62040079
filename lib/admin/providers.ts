/**
 * The admin providers page: each configured provider's rotation setting, its health from the call
 * samples (provider_calls: calls, error rate, p50/p99 latency over the last hour and day), its circuit
 * per process (provider_circuits, worst first) and its prepaid balance where the protocol has one;
 * and the rotation action (admin only, through lib/actions' guard).
 */
import 'server-only';
import { inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { providerCalls, providerCircuits, users } from '@/db/schema';
import type { GuardedDef } from '@/lib/actions';
import { AppError } from '@/lib/errors';
import { PROVIDER_IDS, ProviderError, type ProviderId } from '@/lib/provider';
import { HEALTHY_OUTCOMES } from '@/lib/provider/resilience';
import { rotationOverview, setRotation } from '@/lib/provider/rotation';

export interface WindowStats {
  calls: number;
  /** Calls the provider failed (transport, circuit open, bulkhead) over all calls; null with no calls. */
  errorRate: number | null;
  /** Of the calls that reached the provider (not refused by the circuit or the bulkhead). */
  p50Ms: number | null;
  p99Ms: number | null;
}

export interface CircuitRow {
  process: string;
  state: string;
  changedAt: Date;
}

export interface ProviderHealth {
  id: ProviderId;
  label: string;
  inRotation: boolean;
  note: string | null;
  updatedBy: string | null;
  updatedAt: Date | null;
  hour: WindowStats;
  day: WindowStats;
  circuits: CircuitRow[];
  /** Shown as is: yuan text, or "—" with the reason. */
  balance: { fen: number } | { unavailable: string };
}

const BALANCE_WAIT_MS = 3000;
const SEVERITY: Record<string, number> = { open: 0, isolated: 1, half_open: 2, closed: 3 };

type StatsRow = Record<string, unknown> & { provider: string };

function windowOf(r: StatsRow | undefined, w: 'h' | 'd'): WindowStats {
  const calls = Number(r?.[`calls_${w}`] ?? 0);
  const errors = Number(r?.[`errors_${w}`] ?? 0);
  const ms = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));
  return { calls, errorRate: calls ? errors / calls : null, p50Ms: ms(r?.[`p50_${w}`]), p99Ms: ms(r?.[`p99_${w}`]) };
}

async function balanceOf(p: { capabilities: { balance: boolean }; balance(): Promise<number | null> }) {
  if (!p.capabilities.balance) return { unavailable: '该渠道的接口不提供余额查询' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const fen = await Promise.race([
      p.balance(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('查询超时')), BALANCE_WAIT_MS);
      }),
    ]);
    return fen === null ? { unavailable: '接口未返回余额' } : { fen };
  } catch (e) {
    return { unavailable: e instanceof ProviderError || e instanceof Error ? e.message : '查询失败' };
  } finally {
    clearTimeout(timer);
  }
}

export async function providersHealth(): Promise<ProviderHealth[]> {
  const overview = await rotationOverview();
  const ids = overview.map((o) => o.provider.id);
  const healthy = sql.join(
    HEALTHY_OUTCOMES.map((o) => sql`${o}`),
    sql`, `,
  );
  const reached = sql`${providerCalls.outcome} not in ('circuit_open', 'bulkhead')`;
  const hour = sql`${providerCalls.at} > now() - interval '1 hour'`;
  const [stats, circuits, editors, balances] = await Promise.all([
    db()
      .select({
        provider: providerCalls.provider,
        calls_h: sql<number>`count(*) filter (where ${hour})`,
        errors_h: sql<number>`count(*) filter (where ${hour} and ${providerCalls.outcome} not in (${healthy}))`,
        p50_h: sql<
          number | null
        >`percentile_cont(0.5) within group (order by ${providerCalls.durationMs}) filter (where ${hour} and ${reached})`,
        p99_h: sql<
          number | null
        >`percentile_cont(0.99) within group (order by ${providerCalls.durationMs}) filter (where ${hour} and ${reached})`,
        calls_d: sql<number>`count(*)`,
        errors_d: sql<number>`count(*) filter (where ${providerCalls.outcome} not in (${healthy}))`,
        p50_d: sql<
          number | null
        >`percentile_cont(0.5) within group (order by ${providerCalls.durationMs}) filter (where ${reached})`,
        p99_d: sql<
          number | null
        >`percentile_cont(0.99) within group (order by ${providerCalls.durationMs}) filter (where ${reached})`,
      })
      .from(providerCalls)
      .where(sql`${providerCalls.at} > now() - interval '24 hours' and ${inArray(providerCalls.provider, ids)}`)
      .groupBy(providerCalls.provider),
    db()
      .select({
        provider: providerCircuits.provider,
        process: providerCircuits.process,
        state: providerCircuits.state,
        changedAt: providerCircuits.changedAt,
      })
      .from(providerCircuits)
      .where(inArray(providerCircuits.provider, ids)),
    (async () => {
      const who = overview.map((o) => o.updatedBy).filter((u): u is string => !!u);
      if (!who.length) return new Map<string, string>();
      const rows = await db()
        .select({ id: users.id, name: users.displayName, email: users.email })
        .from(users)
        .where(inArray(users.id, who));
      return new Map(rows.map((u) => [u.id, `${u.name}（${u.email}）`]));
    })(),
    Promise.all(overview.map((o) => balanceOf(o.provider))),
  ]);
  return overview.map((o, i) => {
    const s = stats.find((r) => r.provider === o.provider.id) as StatsRow | undefined;
    return {
      id: o.provider.id,
      label: o.provider.label,
      inRotation: o.inRotation,
      note: o.note,
      updatedBy: o.updatedBy ? (editors.get(o.updatedBy) ?? null) : null,
      updatedAt: o.updatedAt,
      hour: windowOf(s, 'h'),
      day: windowOf(s, 'd'),
      circuits: circuits
        .filter((c) => c.provider === o.provider.id)
        .sort(
          (a, b) =>
            (SEVERITY[a.state] ?? 9) - (SEVERITY[b.state] ?? 9) || b.changedAt.getTime() - a.changedAt.getTime(),
        )
        .map(({ process, state, changedAt }) => ({ process, state, changedAt })),
      balance: balances[i]!,
    };
  });
}

const rotationSchema = z
  .object({
    provider: z.enum(PROVIDER_IDS, { error: '未知的供应商。' }),
    inRotation: z.enum(['true', 'false'], { error: '请选择移出或恢复。' }).transform((v) => v === 'true'),
    note: z
      .string()
      .trim()
      .max(200, { error: '说明最多 200 个字。' })
      .optional()
      .transform((v) => v || null),
  })
  .superRefine((v, ctx) => {
    if (!v.inRotation && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: '请说明移出轮换的原因。' });
  });

/** Admin only: take a provider out of rotation (a note is required) or put it back. */
export const setRotationDef = {
  roles: ['admin'],
  schema: rotationSchema,
  body: async ({ provider, inRotation, note }, user) => {
    if (!user) throw new AppError('unauthenticated', '请先登录。');
    await setRotation(provider, inRotation, note, user.id);
    return { provider, inRotation };
  },
} satisfies GuardedDef<typeof rotationSchema, { provider: ProviderId; inRotation: boolean }>;
