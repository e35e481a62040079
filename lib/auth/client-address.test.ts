/**
 * The caller's address cannot be chosen by the caller (issue 23 #6): a real Node HTTP server doing
 * what scripts/serve.ts does, hit with forged X-Forwarded-For and address headers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import {
  addressKey,
  CLIENT_ADDRESS_HEADER,
  clientAddressFrom,
  parseTrustedProxies,
  resolveClientAddress,
  stampClientAddress,
  UNSTAMPED_ADDRESS,
} from './client-address';
import { clientAddress } from './throttle';

describe('resolveClientAddress', () => {
  const none = parseTrustedProxies(undefined);
  const proxies = parseTrustedProxies('10.0.0.0/8, 192.0.2.1, loopback');

  it('without trusted proxies, takes the socket address whatever X-Forwarded-For says', () => {
    expect(resolveClientAddress('198.51.100.4', '203.0.113.9', none)).toBe('198.51.100.4');
    expect(resolveClientAddress('::ffff:198.51.100.4', ['1.1.1.1', '2.2.2.2'], none)).toBe('198.51.100.4');
    expect(resolveClientAddress(undefined, '203.0.113.9', none)).toBe('unknown');
  });

  it('believes X-Forwarded-For only through trusted proxies, from the right', () => {
    // client → 192.0.2.1 (edge) → 10.0.0.5 (internal) → portal
    expect(resolveClientAddress('10.0.0.5', '203.0.113.9, 192.0.2.1', proxies)).toBe('203.0.113.9');
    // A client-forged entry left of the real one is never reached.
    expect(resolveClientAddress('10.0.0.5', '6.6.6.6, 203.0.113.9, 192.0.2.1', proxies)).toBe('203.0.113.9');
    // A direct, untrusted caller's header is ignored.
    expect(resolveClientAddress('198.51.100.4', '10.0.0.9', proxies)).toBe('198.51.100.4');
    // Garbage in the chain stops the walk at the last trusted hop.
    expect(resolveClientAddress('10.0.0.5', 'not-an-ip', proxies)).toBe('10.0.0.5');
    expect(resolveClientAddress('::1', '2001:db8::1', proxies)).toBe('2001:db8::1');
  });

  it('refuses a TRUSTED_PROXIES it cannot parse, at start (lib/env.ts)', () => {
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/longer than 32/);
    expect(() => parseTrustedProxies('proxy.internal')).toThrow(/not an IP address/);
    expect(() => parseEnv({ TRUSTED_PROXIES: '10.0.0.0/8,nope' })).toThrow(/TRUSTED_PROXIES/);
    expect(parseEnv({ TRUSTED_PROXIES: '10.0.0.0/8, ::1' }).TRUSTED_PROXIES).toBe('10.0.0.0/8, ::1');
  });

  it('counts an IPv6 address by its /64', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::ffff:198.51.100.4')).toBe('198.51.100.4');
    expect(addressKey('198.51.100.4')).toBe('198.51.100.4');
  });
});

describe('the address a request is throttled under', () => {
  it('ignores X-Forwarded-For and X-Real-IP: only the server-stamped header counts', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '203.0.113.9' }))).toBe(UNSTAMPED_ADDRESS);
    expect(clientAddress(new Headers({ 'x-real-ip': '203.0.113.9' }))).toBe(UNSTAMPED_ADDRESS);
    expect(clientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: '2001:db8::5' }))).toBe('2001:db8:0:0::/64');
  });

  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    const trusted = parseTrustedProxies(undefined);
    server = http.createServer((req, res) => {
      stampClientAddress(req, trusted);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      res.end(JSON.stringify({ stamped: clientAddressFrom(headers), key: clientAddress(headers) }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('over real HTTP: forged X-Forwarded-For and a forged stamp both give way to the socket address', async () => {
    for (const headers of <Record<string, string>[]>[
      {},
      { 'X-Forwarded-For': '203.0.113.9' },
      { 'X-Forwarded-For': '203.0.113.9, 198.51.100.1' },
      { 'X-Portal-Client-Address': '203.0.113.10' },
      { 'x-portal-client-address': '203.0.113.10', 'X-Real-IP': '203.0.113.11' },
    ]) {
      const res = await fetch(url, { headers });
      expect(await res.json()).toEqual({ stamped: '127.0.0.1', key: '127.0.0.1' });
    }
  });
});
