import { receiveCallbackRequest } from '@/lib/orders/callbacks';

/**
 * Provider → portal callbacks of panhe, /api/provider/callbacks/{order,refund,change} (the URLs it is
 * given per order; other providers post to /api/provider/<id>/callbacks/<kind>). Public: authenticated
 * by the provider's sign, not a session. The body is only a notification: the order service re-reads
 * 订单详情 and applies that. Refused callbacks are throttled and sampled per sender address
 * (lib/orders/callback-guard.ts).
 */
export async function POST(req: Request, { params }: { params: Promise<{ kind: string }> }): Promise<Response> {
  const { kind } = await params;
  return receiveCallbackRequest(req, `/api/provider/callbacks/${kind}`);
}
