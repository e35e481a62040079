import { clientAddress } from '@/lib/auth/throttle';
import { refusedCallbackGate } from '@/lib/orders/callback-guard';
import { observePaymentNotification } from '@/lib/obs/hooks';
import { receivePaymentNotification } from '@/lib/root/payments';

/**
 * Payment gateway → portal notification (public: authenticated by the gateway's signature). Only a
 * verified notification for the right payment number and amount marks an order paid; the answer is
 * the gateway's acknowledgement body once applied, anything else makes the gateway retry. Refused ones
 * count against the sender's address (lib/orders/callback-guard.ts); verified ones against their
 * payment (lib/signed-notify-limit.ts: a replayed notification's flood is refused with 429).
 */
export async function POST(req: Request): Promise<Response> {
  const raw = await req.text();
  if (raw.length > 16 * 1024) return new Response('fail: too large', { status: 413 });
  const address = clientAddress(req.headers);
  const outcome = await observePaymentNotification(req.headers, () =>
    receivePaymentNotification(raw, req.headers.get('content-type'), address),
  );
  // A refused notification (bad signature, unreadable) counts against its sender's address; over the
  // limit the answer is 429 (a verified one is never counted here: it was applied above, or refused
  // as one of too many for its payment, lib/signed-notify-limit.ts).
  if (
    outcome.verdict !== 'throttled' &&
    outcome.status >= 400 &&
    outcome.status < 500 &&
    !(await refusedCallbackGate().admit(address))
  )
    return new Response('fail: too many refused notifications', { status: 429 });
  return new Response(outcome.body, {
    status: outcome.status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
