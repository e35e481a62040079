import { describe, expect, it } from 'vitest';
import { ACTION_BODY_LIMIT_BYTES, refusedActionResponse } from './action-request';

const post = (body: BodyInit | undefined, type?: string, action = 'abc') =>
  new Request('http://p.test/signup', {
    method: 'POST',
    headers: { ...(action ? { 'next-action': action } : {}), ...(type ? { 'content-type': type } : {}) },
    ...(body === undefined ? {} : { body }),
  });

describe('refusedActionResponse', () => {
  it.each([
    ['no body', post(undefined)],
    ['empty', post('', 'text/plain;charset=UTF-8')],
    ['garbage', post('not a reply', 'text/plain')],
    ['a JSON object', post('{"a":1}', 'text/plain')],
    [
      'multipart without the root field',
      post('--b\r\nContent-Disposition: form-data; name="x"\r\n\r\ny\r\n--b--\r\n', 'multipart/form-data; boundary=b'),
    ],
    ['broken multipart', post('--b\r\ngarbage', 'multipart/form-data; boundary=b')],
    // A reference to a part the body does not have: React waits for it, then fails ("Connection closed.").
    ['a JSON body referencing part 1', post('["$1"]', 'text/plain;charset=UTF-8')],
    ['a JSON body referencing a promise part', post('[{"a":["$@2"]}]', 'text/plain;charset=UTF-8')],
    ['a JSON body referencing a map part', post('["$Q1"]', 'text/plain;charset=UTF-8')],
  ])('answers 400 for %s', async (_name, req) => {
    const res = await refusedActionResponse(req);
    expect(res?.status).toBe(400);
  });

  it('lets what React sends through', async () => {
    expect(await refusedActionResponse(post('["$undefined",{"a":1}]', 'text/plain;charset=UTF-8'))).toBeNull();
    expect(
      await refusedActionResponse(
        post('["$$1 escaped","$NaN","$-0","$D2026-12-07T00:00:00.000Z","$n12"]', 'text/plain'),
      ),
    ).toBeNull();
    const outlined = new FormData();
    outlined.set('0', '["$@1"]');
    outlined.set('1', '"x"');
    expect(await refusedActionResponse(post(outlined))).toBeNull();
    const missing = new FormData();
    missing.set('0', '["$@2"]');
    missing.set('1', '"x"');
    expect((await refusedActionResponse(post(missing)))?.status).toBe(400);
    const form = new FormData();
    form.set('0', '["$undefined","$K1"]');
    form.set('1_email', 'a@b.c');
    expect(await refusedActionResponse(post(form))).toBeNull();
  });

  it('leaves other requests alone', async () => {
    expect(await refusedActionResponse(post('garbage', 'text/plain', ''))).toBeNull();
    expect(await refusedActionResponse(new Request('http://p.test/', { headers: { 'next-action': 'x' } }))).toBeNull();
  });
});

describe('refusedActionResponse: what Next would answer with a 500', () => {
  const action = (headers: Record<string, string>, body: BodyInit = '["$undefined"]') =>
    new Request('http://localhost:3000/passengers', {
      method: 'POST',
      headers: { 'next-action': 'abc', 'content-type': 'text/plain;charset=UTF-8', host: 'localhost:3000', ...headers },
      body,
    });

  it('answers 403 with a message to an action posted from another origin', async () => {
    for (const origin of ['https://evil.test', 'null', 'http://localhost:3001', 'not a url']) {
      const res = await refusedActionResponse(action({ origin }));
      expect(res?.status, origin).toBe(403);
      expect(((await res!.json()) as { error: { message: string } }).error.message).toMatch(/其他网站/);
    }
    // Behind a proxy, X-Forwarded-Host names the public host (Next compares with it first).
    expect(
      (await refusedActionResponse(action({ origin: 'https://evil.test', 'x-forwarded-host': 'rail.example' })))
        ?.status,
    ).toBe(403);
  });

  it('lets same-origin actions and those without an Origin through', async () => {
    expect(await refusedActionResponse(action({ origin: 'http://localhost:3000' }))).toBeNull();
    expect(await refusedActionResponse(action({}))).toBeNull();
    expect(
      await refusedActionResponse(action({ origin: 'https://rail.example', 'x-forwarded-host': 'rail.example' })),
    ).toBeNull();
  });

  it('answers 413 with a message to a body over the limit, declared or not', async () => {
    const big = `["${'x'.repeat(ACTION_BODY_LIMIT_BYTES)}"]`;
    const res = await refusedActionResponse(action({}, big));
    expect(res?.status).toBe(413);
    expect(((await res!.json()) as { error: { message: string } }).error.message).toMatch(/1 MB/);
    const form = new FormData();
    form.set('0', '["$K1"]');
    form.set('1_photo', 'x'.repeat(ACTION_BODY_LIMIT_BYTES));
    expect(
      (
        await refusedActionResponse(
          new Request('http://localhost:3000/', { method: 'POST', headers: { 'next-action': 'a' }, body: form }),
        )
      )?.status,
    ).toBe(413);
    expect(await refusedActionResponse(action({}, `["${'x'.repeat(ACTION_BODY_LIMIT_BYTES - 100)}"]`))).toBeNull();
  });
});
