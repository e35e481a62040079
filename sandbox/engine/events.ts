/**
 * Callbacks for state changes: the 订单详情 object plus eventType and sign, queued in the same
 * transaction as the change it reports (delivery: ../callbacks.ts).
 */
import { callbackSign } from '@/protocol/panhe/sign';
import { enqueueCallback, type EventType } from '../callbacks';
import type { Ctx, Tx } from './context';
import { detailOf } from './detail';

export async function notify(ctx: Ctx, tx: Tx, url: string | null, orderNo: string, eventType: EventType) {
  if (!url) return;
  const detail = await detailOf(ctx, tx, orderNo);
  await enqueueCallback(
    tx,
    { url, orderNo, eventType, body: { ...detail, eventType, sign: callbackSign(ctx.opts.secretKey, orderNo) } },
    ctx.opts.faults(),
    ctx.random,
  );
}
