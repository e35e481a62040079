import { clientAddress } from '@/lib/auth/throttle';
import { receiveCallback } from '@/lib/orders/callbacks';

/**
 * Provider → portal callback (public: authenticated by the provider's md5 sign, not a session). The
 * body is only a notification: the order service re-reads 订单详情 and applies that. Refused callbacks
 * are throttled and sampled per sender address (lib/orders/callback-guard.ts).
 */
export async function POST(req: Request): Promise<Response> {
  const raw = await req.text();
  const outcome = await receiveCallback('order', raw, clientAddress(req.headers));
  return new Response(outcome.body, {
    status: outcome.status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
