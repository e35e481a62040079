import { clientAddress } from '@/lib/auth/throttle';
import { refusedCallbackGate } from '@/lib/orders/callback-guard';
import { receiveCourierWebhook } from '@/lib/delivery/service';

/**
 * Courier → portal 送票 status webhook (public: authenticated by the courier's signature). The body is
 * a notification only: the shipment is re-read from the courier and that is applied (lib/delivery).
 * Refused ones count against the sender's address like the provider's and the gateway's.
 */
export async function POST(req: Request): Promise<Response> {
  const raw = await req.text();
  if (raw.length > 16 * 1024) return new Response('fail: too large', { status: 413 });
  const address = clientAddress(req.headers);
  const outcome = await receiveCourierWebhook(raw, address);
  // Refused (bad sign, unreadable): counted per address; a signed one over its shipment's limit
  // (lib/signed-notify-limit.ts) is already a 429.
  if (
    outcome.status !== 429 &&
    outcome.status >= 400 &&
    outcome.status < 500 &&
    !(await refusedCallbackGate().admit(address))
  )
    return new Response('fail: too many refused webhooks', { status: 429 });
  return new Response(outcome.body, {
    status: outcome.status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
