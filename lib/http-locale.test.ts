import { NextRequest } from 'next/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

// The request's locale cookie, as next/headers would give it inside a request.
const cookie = vi.hoisted(() => ({ value: undefined as string | undefined }));
vi.mock('next/headers', () => ({
  cookies: () =>
    Promise.resolve({
      get: (name: string) => (name === 'NEXT_LOCALE' && cookie.value ? { value: cookie.value } : undefined),
    }),
}));
vi.mock('@/lib/auth/guard', () => ({ currentUser: () => Promise.resolve(null), assertRole: () => undefined }));

const { route, errorResponse } = await import('./http');
const { AppError } = await import('./errors');
const { localText } = await import('./i18n/catalogue');

describe('route handlers answer errors in the request language', () => {
  const ctx = { params: Promise.resolve({}) };
  const handler = route({ roles: 'public', input: z.object({ n: z.number({ error: '请检查填写的内容。' }) }) }, () =>
    Promise.resolve({ ok: true }),
  );
  const post = (body: string, origin = 'http://portal.example') =>
    new NextRequest('http://portal.example/api/thing', {
      method: 'POST',
      body,
      headers: { host: 'portal.example', origin, 'content-type': 'application/json' },
    });
  beforeEach(() => {
    cookie.value = undefined;
  });

  it('Chinese without a cookie or with zh: messages unchanged', async () => {
    for (const value of [undefined, 'zh']) {
      cookie.value = value;
      const res = await handler(post('{', 'https://evil.example'), ctx);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe('请求来源不被允许。');
    }
  });

  it('English with the en cookie: message and field errors translated, codes and status kept', async () => {
    cookie.value = 'en';
    const forbidden = await handler(post('{}', 'https://evil.example'), ctx);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: { code: 'forbidden', message: 'Request origin not allowed.' } });

    const badJson = await handler(post('{'), ctx);
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: { message: string } }).error.message).toBe(
      'The request body is not valid JSON.',
    );

    const invalid = await handler(post('{"n":"x"}'), ctx);
    const body = (await invalid.json()) as {
      error: { code: string; message: string; fieldErrors: Record<string, string[]> };
    };
    expect(body.error.code).toBe('validation');
    // Its English lives in another area's file (search.json): whatever it is, the answer carries it.
    expect(body.error.message).toBe(localText('en', '请求参数有误。'));
    expect(body.error.fieldErrors).toEqual({ n: ['Please check what you entered.'] });
  });

  it('errorResponse: unknown errors are a generic 500 in the language; a text without English stays Chinese', async () => {
    cookie.value = 'en';
    const internal = await errorResponse(new Error('boom'));
    expect(internal.status).toBe(500);
    expect(await internal.json()).toEqual({
      error: { code: 'internal', message: 'The service is temporarily unavailable. Please try again later.' },
    });
    const untranslated = await errorResponse(new AppError('conflict', '这是一段没有英文的测试文字'));
    expect(((await untranslated.json()) as { error: { message: string } }).error.message).toBe(
      '这是一段没有英文的测试文字',
    );
  });
});
