/**
 * Rate limit of the signed notifications: provider callbacks, payment gateway notifications and
 * courier webhooks, once their sign passed. They are public POSTs, and a signed body can be replayed
 * (a panhe callback's sign covers only the order number; any body seen once passes again), and each
 * replay costs more than it brings: a provider callback re-reads 订单详情 from the provider and logs a
 * row, a courier webhook re-reads the shipment from the courier, a payment notification takes the
 * order's lock. So each subject (one provider order, one payment, one shipment) is limited to
 * SIGNED_NOTIFY_SUBJECT_LIMIT a minute, counted in the shared `rate_limits` table (lib/rate-limit.ts;
 * every portal process shares the count); over it the answer is 429, which the sender retries later
 * (the worker's own sync reads the order meanwhile, so nothing waits on the notification).
 *
 * Not per source address, unlike the refused ones (lib/orders/callback-guard.ts): a provider or a
 * gateway posts every order's notifications from a few addresses, so a per-address limit would either
 * cap the portal's bookings a second or be too high to stop anything, and its one counter row per
 * address would take every notification's update. A real sender posts a handful per subject (占位,
 * 出票, 退票, 改签, their retries); a replay flood is many for one subject, which this stops.
 */
import 'server-only';
import { env } from '@/lib/env';
import { secondsText, sharedLimiter, take } from '@/lib/rate-limit';

export const SIGNED_NOTIFY_WINDOW_SECONDS = 60;

/** What a subject is, in the refusal. */
const SUBJECTS = { callback: '订单', payment: '支付单', courier: '送票运单' } as const;
export type SignedSource = keyof typeof SUBJECTS;

const limiter = () =>
  sharedLimiter('signed-notify', () => ({
    points: env().SIGNED_NOTIFY_SUBJECT_LIMIT,
    duration: SIGNED_NOTIFY_WINDOW_SECONDS,
    blockInMemory: true,
  }));

/**
 * Takes a point for `subject` (e.g. `panhe:<provider order number>`): null when admitted, else the
 * 429 answer's body (the senders read anything but their acknowledgement as "retry later").
 */
export async function admitSignedNotification(source: SignedSource, subject: string): Promise<string | null> {
  const wait = await take(limiter(), `${source}:${subject}`);
  if (wait === null) return null;
  return `fail: 同一${SUBJECTS[source]}的通知过于频繁，请 ${secondsText(wait)}后重发。`;
}
