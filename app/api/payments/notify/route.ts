import { receivePaymentNotification } from '@/lib/orders/payments';

/**
 * Payment gateway → portal notification (public: authenticated by the gateway's signature). Only a
 * verified notification for the right payment number and amount marks an order paid; the answer is
 * the gateway's acknowledgement body once applied, anything else makes the gateway retry.
 */
export async function POST(req: Request): Promise<Response> {
  const raw = await req.text();
  if (raw.length > 16 * 1024) return new Response('fail: too large', { status: 413 });
  const outcome = await receivePaymentNotification(raw, req.headers.get('content-type'));
  return new Response(outcome.body, {
    status: outcome.status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
