/**
 * Who may read /api/metrics: a caller on the loopback (the portal's own server stamps the socket
 * address: lib/auth/client-address.ts), or one that presents METRICS_TOKEN as a Bearer token.
 */
import { timingSafeEqual } from 'node:crypto';
import { clientAddressFrom, normalizeAddress } from '@/lib/auth/client-address';

export function isLoopback(address: string): boolean {
  const a = normalizeAddress(address);
  return !!a && (a === '::1' || a.startsWith('127.'));
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function mayReadMetrics(headers: Headers, token = process.env.METRICS_TOKEN): boolean {
  const auth = headers.get('authorization') ?? '';
  const presented = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
  if (token && presented && sameSecret(presented, token)) return true;
  return isLoopback(clientAddressFrom(headers));
}
