/**
 * The web push channel: the `web-push` library with the portal's VAPID keys (generated once into the
 * data folder by the start script, scripts/lib/runtime.ts; or VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY).
 * A subscription the push service says is gone (404/410) is deleted.
 */
import type { Agent } from 'node:https';
import { eq } from 'drizzle-orm';
import webpush from 'web-push';
import { db } from '@/db/client';
import { pushSubscriptions } from '@/db/schema';
import { env } from '@/lib/env';

export function vapidPublicKey(): string | null {
  return env().VAPID_PUBLIC_KEY ?? null;
}

export function pushConfigured(): boolean {
  const e = env();
  return !!(e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY);
}

export interface PushMessage {
  title: string;
  body: string;
  url: string | null;
  tag: string;
}

export class PushGoneError extends Error {}

/** The HTTPS agent for push services (default: Node's); tests trust their local push service's certificate. */
let agent: Agent | undefined;
export function usePushAgent(a: Agent | undefined): void {
  agent = a;
}

export async function sendPush(
  sub: { endpoint: string; p256dh: string; auth: string },
  msg: PushMessage,
): Promise<void> {
  const e = env();
  try {
    await webpush.sendNotification(
      { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
      JSON.stringify(msg),
      {
        vapidDetails: { subject: e.VAPID_SUBJECT, publicKey: e.VAPID_PUBLIC_KEY!, privateKey: e.VAPID_PRIVATE_KEY! },
        TTL: 24 * 3600,
        timeout: 15_000,
        ...(agent ? { agent } : {}),
      },
    );
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 404 || status === 410) {
      await db().delete(pushSubscriptions).where(eq(pushSubscriptions.endpoint, sub.endpoint));
      throw new PushGoneError(`subscription gone (${status})`);
    }
    throw err;
  }
}
