/**
 * Callbacks for state changes, queued in the same transaction as the change they report (delivery:
 * ../callbacks.ts). A Panhe order: the 订单详情 object plus eventType and sign, to its own URLs
 * (refund events to refundTicketCallbackUrl, else callBackUrl). An order of another front (front
 * 'juhe'): handed to that front's notifier (opts.frontNotifiers), which translates it to its own
 * wire form and account-wide URLs.
 */
import { callbackSign } from '@/protocol/panhe/sign';
import { enqueueCallback, type EventType } from '../callbacks';
import { faultsOf, type Ctx, type Tx } from './context';
import { detailOf } from './detail';

/** What notify needs of an order row. */
export interface NotifiedOrder {
  order_no: string;
  front: string;
  callback_url: string | null;
  refund_callback_url: string | null;
}

export async function notify(ctx: Ctx, tx: Tx, order: NotifiedOrder, eventType: EventType, url?: string | null) {
  if (order.front !== 'panhe') {
    const frontNotify = order.front === 'juhe' ? ctx.opts.frontNotifiers?.juhe : undefined;
    return frontNotify?.(tx, order.order_no, eventType);
  }
  const to =
    url !== undefined
      ? url
      : eventType === 'refund'
        ? (order.refund_callback_url ?? order.callback_url)
        : order.callback_url;
  if (!to) return;
  const detail = await detailOf({ ...ctx, anyOwner: true }, tx, order.order_no);
  await enqueueCallback(
    tx,
    {
      url: to,
      orderNo: order.order_no,
      eventType,
      body: { ...detail, eventType, sign: callbackSign(ctx.opts.secretKey, order.order_no) },
    },
    faultsOf(ctx, order.front),
    ctx.random,
  );
}
