import { receiveCallbackRequest } from '@/lib/orders/callbacks';

/**
 * Provider → portal callbacks of the providers with account-wide callback URLs, e.g. juhe's
 * /api/provider/juhe/callbacks/{submit,pay,refund} (set once with setPush). Same receiver as panhe's:
 * the sign is checked, the order re-read from its provider, and that applied.
 */
export async function POST(
  req: Request,
  { params }: { params: Promise<{ provider: string; kind: string }> },
): Promise<Response> {
  const { provider, kind } = await params;
  return receiveCallbackRequest(req, `/api/provider/${provider}/callbacks/${kind}`);
}
