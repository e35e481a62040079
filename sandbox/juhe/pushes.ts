/**
 * Juhe pushes (§16): the engine's events of Juhe orders translated to Juhe callbacks, queued in the
 * transaction of the change (sandbox.callbacks, format `form`, delivered by ../callbacks.ts: the body
 * `success` acknowledges, at most 3 pushes, the faults of the juhe front apply).
 *
 * | engine event | push | status |
 * | --- | --- | --- |
 * | order.hold | submit_callback | 2 held, 1 failed |
 * | order.issue | pay_callback | 4 issued, 5 failed |
 * | refund | refund_callback | 7 (8 for a failed refund) |
 * | order.cancel, change.* | none (no callback for cancel or lapse; Juhe has no 改签) | |
 *
 * The URLs are the key's (setPush, account-wide); a key without them gets no pushes.
 */
import type postgres from 'postgres';
import { enqueueCallback, type EventType } from '../callbacks';
import type { FaultConfig } from '../faults';
import { asciiJson, loadView, pushObject } from './order';

type Tx = postgres.TransactionSql;

const PUSH_OF: Partial<Record<EventType, 'submit_callback' | 'pay_callback' | 'refund_callback'>> = {
  'order.hold': 'submit_callback',
  'order.issue': 'pay_callback',
  refund: 'refund_callback',
};

export interface PushUrls {
  submit_callback: string;
  pay_callback: string;
  refund_callback: string;
}

export async function pushUrls(q: postgres.Sql | Tx, appKey: string): Promise<PushUrls | null> {
  const [row] = await q<PushUrls[]>`select submit_callback, pay_callback, refund_callback
    from sandbox.juhe_push where app_key = ${appKey}`;
  return row ?? null;
}

export async function setPushUrls(q: postgres.Sql, appKey: string, urls: PushUrls, name: string | null, at: Date) {
  await q`insert into sandbox.juhe_push (app_key, submit_callback, pay_callback, refund_callback, name, updated_at)
    values (${appKey}, ${urls.submit_callback}, ${urls.pay_callback}, ${urls.refund_callback}, ${name}, ${at})
    on conflict (app_key) do update set submit_callback = excluded.submit_callback,
      pay_callback = excluded.pay_callback, refund_callback = excluded.refund_callback,
      name = excluded.name, updated_at = excluded.updated_at`;
}

/** The engine's FrontNotifier for front 'juhe'. */
export function juheNotifier(faults: () => FaultConfig, random: () => number = Math.random) {
  return async (tx: Tx, orderNo: string, eventType: EventType) => {
    const push = PUSH_OF[eventType];
    if (!push) return;
    const view = await loadView(tx, orderNo);
    if (!view) return;
    const url = (await pushUrls(tx, view.j.app_key))?.[push];
    if (!url) return;
    await enqueueCallback(
      tx,
      { url, orderNo, eventType, body: { data: asciiJson(pushObject(view)) }, format: 'form' },
      faults(),
      random,
    );
  };
}

/**
 * The `juheReject` job: a submit refused before it became an engine order (its train does not call
 * at the stations, FAQ §4) fails its hold now: status 0 → 1, submit_callback.
 */
export function rejectJob(notify: ReturnType<typeof juheNotifier>, now: () => Promise<Date>) {
  return async (tx: Tx, orderNo: string) => {
    const done = await tx`update sandbox.juhe_orders set rejected_at = ${await now()}
      where order_no = ${orderNo} and rejected_at is null returning order_no`;
    if (done.length) await notify(tx, orderNo, 'order.hold');
  };
}
