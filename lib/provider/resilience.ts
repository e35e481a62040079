/**
 * Resilience around every provider call, from cockatiel (a kept library, not a hand-written loop).
 * Per provider, each method call goes through, outermost first:
 *
 *   bulkhead (PROVIDER_MAX_CONCURRENT in flight, PROVIDER_MAX_QUEUED waiting; beyond that it fails at once)
 *   → circuit breaker (ConsecutiveBreaker(PROVIDER_CIRCUIT_FAILURES), one trial after PROVIDER_CIRCUIT_HALF_OPEN_MS)
 *   → retry, only for `provider.idempotent` methods (2 more attempts after 100 / 200 ms, retryable transport errors only)
 *   → a timeout per attempt (the adapter's own timeout plus a margin: a backstop for an adapter that hangs).
 *
 * The breaker sits outside the retry, so it counts calls that failed after their retries (a flaky
 * answer retried into a success is no failure), and an open circuit is never retried. It counts only
 * transport failures (timeout, network, http, malformed): a business refusal means the provider
 * answered, so it counts as a success. Cockatiel's own errors become ProviderErrors (RejectedCall, a
 * subclass, says which) so callers handle one error type.
 *
 * Every call's outcome and duration go to provider_calls in batches, off the call's path (a failed
 * insert is logged and dropped); circuit state changes are upserted into provider_circuits per process.
 */
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  bulkhead,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  IsolatedCircuitError,
  noJitterGenerator,
  retry,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
  type RetryPolicy,
  type TimeoutPolicy,
} from 'cockatiel';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { providerCalls, providerCircuits } from '@/db/schema';
import { env, type Env } from '@/lib/env';
import { logError } from '@/lib/log';
import { observeProviderCall, providerCallSpan } from '@/lib/obs/hooks';
import { ProviderError, type ProviderErrorKind } from './errors';
import { PROVIDER_IDS, type ProviderId, type ProviderMethod, type TicketProvider, type TrainAccountApi } from './port';

/** What a call came to: ok, a refusal (the provider answered), a transport failure, or refused by us. */
export const CALL_OUTCOMES = [
  'ok',
  'business',
  'timeout',
  'network',
  'http',
  'malformed',
  'circuit_open',
  'bulkhead',
  /** Not a ProviderError: a fault on our side (e.g. an amount the adapter refused to send). */
  'error',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
/** Outcomes that are not the provider failing us (the error rate leaves them out). */
export const HEALTHY_OUTCOMES: readonly CallOutcome[] = ['ok', 'business', 'error'];

export type CircuitName = 'closed' | 'open' | 'half_open' | 'isolated';

const TRANSPORT: ReadonlySet<ProviderErrorKind> = new Set(['timeout', 'network', 'http', 'malformed']);
const isTransport = (e: unknown): e is ProviderError => e instanceof ProviderError && TRANSPORT.has(e.kind);

/** A call the resilience layer refused without sending it (so it is always safe to try again later). */
export class RejectedCall extends ProviderError {
  constructor(
    readonly reason: 'circuit_open' | 'bulkhead',
    provider: TicketProvider,
    method: string,
    cause: unknown,
  ) {
    super({
      kind: 'network',
      message:
        reason === 'circuit_open'
          ? `${provider.label}暂时不可用(熔断中)，请稍后再试`
          : `${provider.label}繁忙(排队已满)，请稍后再试`,
      endpoint: method,
      retryable: true,
      cause,
    });
    this.name = 'RejectedCall';
  }
}

export interface CallSample {
  provider: ProviderId;
  method: string;
  outcome: CallOutcome;
  durationMs: number;
  at: Date;
}

/** Where samples and circuit changes go (the database by default; tests pass their own). */
export interface ResilienceSink {
  calls(samples: CallSample[]): Promise<void>;
  circuit(change: { provider: ProviderId; process: string; state: CircuitName; at: Date }): Promise<void>;
}

export interface ResilienceOptions {
  maxConcurrent: number;
  maxQueued: number;
  circuitFailures: number;
  halfOpenMs: number;
  /** Per attempt. */
  attemptTimeoutMs: number;
  /** First retry delay; the second is twice this. */
  retryDelayMs: number;
  /** Retries after the first attempt (idempotent methods only). */
  retries: number;
  sink: ResilienceSink;
  /** How long samples wait to be written together. */
  flushMs: number;
}

/** The adapter's own timeout per attempt (its typed timeout normally fires first). */
function adapterTimeoutMs(id: ProviderId, e: Env): number {
  return id === 'juhe' ? e.JUHE_TIMEOUT_MS : e.PROVIDER_TIMEOUT_MS;
}
const TIMEOUT_MARGIN_MS = 250;

function optionsFromEnv(id: ProviderId): Omit<ResilienceOptions, 'sink'> {
  const e = env();
  return {
    maxConcurrent: e.PROVIDER_MAX_CONCURRENT,
    maxQueued: e.PROVIDER_MAX_QUEUED,
    circuitFailures: e.PROVIDER_CIRCUIT_FAILURES,
    halfOpenMs: e.PROVIDER_CIRCUIT_HALF_OPEN_MS,
    attemptTimeoutMs: adapterTimeoutMs(id, e) + TIMEOUT_MARGIN_MS,
    retryDelayMs: 100,
    retries: 2,
    flushMs: 1000,
  };
}

// ---- the process label (provider_circuits is per process)

let processRole = 'web';
/** The worker calls this once (lib/root/jobs.ts), so its circuits are told apart from the web's. */
export function setProcessRole(role: string): void {
  processRole = role;
}
export const processLabel = () => `${processRole}-${process.pid}`;

// ---- the database sink: batched, never in the call's way

const MAX_BUFFERED = 5000;
const pending: CallSample[] = [];
let flushTimer: ReturnType<typeof setTimeout> | null = null;
let flushing: Promise<void> = Promise.resolve();

const databaseSink: ResilienceSink = {
  async calls(samples) {
    await db().insert(providerCalls).values(samples);
  },
  async circuit({ provider, process, state, at }) {
    await db()
      .insert(providerCircuits)
      .values({ provider, process, state, changedAt: at })
      .onConflictDoUpdate({
        target: [providerCircuits.provider, providerCircuits.process],
        set: { state: sql`excluded.state`, changedAt: sql`excluded.changed_at` },
        // Two writes of one process racing: the later change wins.
        setWhere: sql`${providerCircuits.changedAt} <= excluded.changed_at`,
      });
  },
};

function buffer(sink: ResilienceSink, flushMs: number, sample: CallSample) {
  if (sink !== databaseSink) {
    // A test's sink: handed over at once, still without waiting for it.
    sink.calls([sample]).catch((e: unknown) => logError('provider call stats dropped', e, { count: 1 }));
    return;
  }
  if (pending.length >= MAX_BUFFERED) pending.shift();
  pending.push(sample);
  if (pending.length >= 500) void flushProviderStats();
  else if (!flushTimer) {
    flushTimer = setTimeout(() => void flushProviderStats(), flushMs);
    flushTimer.unref?.();
  }
}

/** Writes the buffered samples now (the batch timer does it on its own; tests and shutdown call it). */
export function flushProviderStats(): Promise<void> {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = null;
  const batch = pending.splice(0);
  if (!batch.length) return flushing;
  flushing = flushing.then(() =>
    databaseSink
      .calls(batch)
      .catch((e: unknown) => logError('provider call stats dropped', e, { count: batch.length })),
  );
  return flushing;
}

// ---- the guard

interface Guard {
  breaker: CircuitBreakerPolicy;
  bulkhead: BulkheadPolicy;
  openedAt: number;
  halfOpenMs: number;
  attemptTimeoutMs: number;
}
const guards = new WeakMap<TicketProvider, Guard>();

/** The circuit of a guarded provider (closed for one that is not guarded). */
export function circuitState(p: TicketProvider): CircuitName {
  const g = guards.get(p);
  return g ? circuitName(g.breaker.state) : 'closed';
}

/**
 * Whether a call now would reach the provider: not while its circuit is open and the break has not
 * run out, nor while a half-open trial is in flight (other calls would wait for its verdict).
 * Once the break has run out the next call is the trial, so an open circuit accepts it.
 */
/**
 * How long a router waits for this provider before asking the next one: one attempt's timeout. Its
 * retries are for when there is no other provider to ask (the router's last one, an order's own).
 */
export function failoverAfterMs(p: TicketProvider): number | null {
  return guards.get(p)?.attemptTimeoutMs ?? null;
}

export function acceptsCalls(p: TicketProvider, now = Date.now()): boolean {
  const g = guards.get(p);
  if (!g) return true;
  const s = g.breaker.state;
  if (s === CircuitState.Closed) return true;
  if (s === CircuitState.Open) return now - g.openedAt >= g.halfOpenMs;
  return false;
}

function circuitName(s: CircuitState): CircuitName {
  return s === CircuitState.Open
    ? 'open'
    : s === CircuitState.HalfOpen
      ? 'half_open'
      : s === CircuitState.Isolated
        ? 'isolated'
        : 'closed';
}

function outcomeOf(e: unknown): CallOutcome {
  if (e instanceof RejectedCall) return e.reason;
  if (e instanceof ProviderError) return e.kind;
  return 'error';
}

/** A refusal travels through the breaker as a value, so the breaker counts it as the success it is. */
class Refusal {
  constructor(readonly error: ProviderError) {}
}

/**
 * The provider with every call guarded (registry.ts wraps each adapter once; the policies live as long
 * as the returned object). `opts` overrides the environment's settings (tests).
 */
export function guarded(p: TicketProvider, opts: Partial<ResilienceOptions> = {}): TicketProvider {
  const o: ResilienceOptions = { ...optionsFromEnv(p.id), sink: databaseSink, ...opts };
  const transport = handleWhen(isTransport);
  const breaker = circuitBreaker(transport, {
    halfOpenAfter: o.halfOpenMs,
    breaker: new ConsecutiveBreaker(o.circuitFailures),
  });
  const limiter = bulkhead(o.maxConcurrent, o.maxQueued);
  const retrying: RetryPolicy = retry(
    handleWhen((e) => isTransport(e) && e.retryable),
    {
      maxAttempts: o.retries,
      backoff: new ExponentialBackoff({ generator: noJitterGenerator, initialDelay: o.retryDelayMs, exponent: 2 }),
    },
  );
  const deadline: TimeoutPolicy = timeout(o.attemptTimeoutMs, TimeoutStrategy.Aggressive);
  const guard: Guard = {
    breaker,
    bulkhead: limiter,
    openedAt: 0,
    halfOpenMs: o.halfOpenMs,
    attemptTimeoutMs: o.attemptTimeoutMs,
  };

  breaker.onStateChange((s) => {
    if (s === CircuitState.Open) guard.openedAt = Date.now();
    o.sink
      .circuit({ provider: p.id, process: processLabel(), state: circuitName(s), at: new Date() })
      .catch((e: unknown) => logError('provider circuit state not recorded', e, { provider: p.id }));
  });

  // One span per call (its attempts inside; the adapters send its context as `traceparent`: lib/obs).
  const call = <T>(method: string, idempotent: boolean, fn: () => Promise<T>): Promise<T> =>
    providerCallSpan(p.id, method, () => callOnce(method, idempotent, fn));

  async function callOnce<T>(method: string, idempotent: boolean, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const record = (outcome: CallOutcome) => {
      observeProviderCall(p.id, method, outcome, performance.now() - started);
      buffer(o.sink, o.flushMs, {
        provider: p.id,
        method,
        outcome,
        durationMs: Math.round(performance.now() - started),
        at: new Date(),
      });
    };
    const attempt = async (): Promise<T | Refusal> => {
      try {
        return await deadline.execute(() => fn());
      } catch (e) {
        if (e instanceof TaskCancelledError)
          throw new ProviderError({
            kind: 'timeout',
            message: `${p.label}接口超时(${method})`,
            endpoint: method,
            retryable: true,
            cause: e,
          });
        if (e instanceof ProviderError && e.kind === 'business') return new Refusal(e);
        throw e;
      }
    };
    try {
      const result = await limiter.execute(() =>
        breaker.execute(() => (idempotent ? retrying.execute(attempt) : attempt())),
      );
      if (result instanceof Refusal) {
        record('business');
        throw result.error;
      }
      record('ok');
      return result;
    } catch (e) {
      const mapped =
        e instanceof BrokenCircuitError || e instanceof IsolatedCircuitError
          ? new RejectedCall('circuit_open', p, method, e)
          : e instanceof BulkheadRejectedError
            ? new RejectedCall('bulkhead', p, method, e)
            : e;
      if (!(e instanceof ProviderError && e.kind === 'business')) record(outcomeOf(mapped));
      throw mapped;
    }
  }

  /** One port method, retried when the provider declares it idempotent. */
  const run = <R>(name: ProviderMethod, fn: () => Promise<R>) => call(name, p.idempotent.has(name), fn);

  const accounts = p.accounts
    ? (Object.fromEntries(
        Object.entries(p.accounts).map(([name, f]) => [
          name,
          // 12306 account operations: bulkhead, breaker and timeout; no retries (none is a plain read
          // the port declares idempotent).
          (...args: unknown[]) =>
            call(`accounts.${name}`, false, () => (f as (...a: unknown[]) => Promise<unknown>).apply(p.accounts, args)),
        ]),
      ) as unknown as TrainAccountApi)
    : null;

  const wrapped: TicketProvider = {
    ...p,
    search: (q) => run('search', () => p.search(q)),
    stops: (q) => run('stops', () => p.stops(q)),
    hold: (r) => run('hold', () => p.hold(r)),
    confirm: (orderNo, fen) => run('confirm', () => p.confirm(orderNo, fen)),
    cancel: (orderNo) => run('cancel', () => p.cancel(orderNo)),
    detail: (orderNo) => run('detail', () => p.detail(orderNo)),
    refundTicket: (r) => run('refundTicket', () => p.refundTicket(r)),
    applyChange: (r) => run('applyChange', () => p.applyChange(r)),
    confirmChange: (orderNo, chaNo, fen) => run('confirmChange', () => p.confirmChange(orderNo, chaNo, fen)),
    cancelChange: (chaNo, remark) => run('cancelChange', () => p.cancelChange(chaNo, remark)),
    balance: () => run('balance', () => p.balance()),
    ...(p.stationList ? { stationList: () => run('stationList', () => p.stationList!()) } : {}),
    readCallback: (c) => p.readCallback(c),
    accounts,
  };
  guards.set(wrapped, guard);
  return wrapped;
}

/**
 * The worker's minute sweep: call samples older than PROVIDER_CALLS_KEEP_HOURS go (one delete per
 * provider, along the (provider, at) index), and so do circuit rows not changed for as long (a process
 * that has stopped, or a circuit closed all that time).
 */
export async function pruneProviderStats(keepHours = env().PROVIDER_CALLS_KEEP_HOURS): Promise<number> {
  let deleted = 0;
  for (const id of PROVIDER_IDS) {
    const rows = await db()
      .delete(providerCalls)
      .where(
        sql`${providerCalls.provider} = ${id} and ${providerCalls.at} < now() - make_interval(hours => ${keepHours})`,
      )
      .returning({ id: providerCalls.id });
    deleted += rows.length;
  }
  await db()
    .delete(providerCircuits)
    .where(sql`${providerCircuits.changedAt} < now() - make_interval(hours => ${keepHours})`);
  return deleted;
}
