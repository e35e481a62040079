/**
 * The portal's inbound provider and gateway endpoints as one dispatcher, for processes that serve them
 * without Next (the integration-test harness, the chaos run's portal). The Next routes call the same
 * receivers directly.
 */
import 'server-only';
import { callbackRoute, receiveCallback } from '@/lib/orders/callbacks';
import { observeCallback, observePaymentNotification } from '@/lib/obs/hooks';
import { COURIER_WEBHOOK_PATH, receiveCourierWebhook } from '@/lib/delivery/service';
import { receivePaymentNotification } from './payments';

export async function handleInbound(
  path: string,
  raw: string,
  contentType: string | null,
  /**
   * The sender's address: refused callbacks are then throttled and sampled, and signed ones limited per
   * subject (lib/signed-notify-limit.ts), as by the Next routes.
   */
  address?: string,
  /** The request's headers (a `traceparent` continues the sender's trace: lib/obs). */
  headers?: Record<string, unknown>,
): Promise<{ status: number; body: string }> {
  const route = callbackRoute(path);
  if (route)
    return observeCallback(headers, route.provider, route.kind, () =>
      receiveCallback(route.kind, raw, address, { provider: route.provider, contentType }),
    );
  if (path === '/api/payments/notify')
    return observePaymentNotification(headers, () => receivePaymentNotification(raw, contentType, address));
  if (path === COURIER_WEBHOOK_PATH) return receiveCourierWebhook(raw, address);
  return { status: 404, body: 'not found' };
}
