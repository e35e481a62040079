import { callbackKind } from '@/db/schema';
import { clientAddress } from '@/lib/auth/throttle';
import { receiveCallback, type CallbackKind } from '@/lib/orders/callbacks';

/** The kinds the provider is given a callback URL for (lib/orders/provider.ts, changes.ts): the log's enum. */
const KINDS: readonly string[] = callbackKind.enumValues;
const isKind = (k: string): k is CallbackKind => KINDS.includes(k);

/**
 * Provider → portal callbacks, /api/provider/callbacks/{order,refund,change} (public: authenticated
 * by the provider's md5 sign, not a session). The body is only a notification: the order service
 * re-reads 订单详情 and applies that. Refused callbacks are throttled and sampled per sender address
 * (lib/orders/callback-guard.ts).
 */
export async function POST(req: Request, { params }: { params: Promise<{ kind: string }> }): Promise<Response> {
  const { kind } = await params;
  if (!isKind(kind)) return new Response('not found', { status: 404 });
  const raw = await req.text();
  const outcome = await receiveCallback(kind, raw, clientAddress(req.headers));
  return new Response(outcome.body, {
    status: outcome.status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
