import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { route } from './http';

describe('route(): CSRF check of state-changing route handlers', () => {
  let calls = 0;
  const handler = route({ roles: 'public' }, () => {
    calls++;
    return Promise.resolve({ ok: true });
  });
  const ctx = { params: Promise.resolve({}) };
  const req = (method: string, origin?: string) =>
    new NextRequest('http://portal.example/api/thing', {
      method,
      headers: { host: 'portal.example', ...(origin ? { origin } : {}) },
    });

  it('refuses a POST, PUT, PATCH or DELETE from another origin with a 403 and a message, before the handler', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const origin of ['https://evil.example', 'null', 'not a url']) {
        const res = await handler(req(method, origin), ctx);
        expect(res.status, `${method} from ${origin}`).toBe(403);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error).toEqual({ code: 'forbidden', message: '请求来源不被允许。' });
      }
    }
    expect(calls).toBe(0);
  });
});
