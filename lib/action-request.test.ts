import { describe, expect, it } from 'vitest';
import { malformedActionResponse } from './action-request';

const post = (body: BodyInit | undefined, type?: string, action = 'abc') =>
  new Request('http://p.test/signup', {
    method: 'POST',
    headers: { ...(action ? { 'next-action': action } : {}), ...(type ? { 'content-type': type } : {}) },
    ...(body === undefined ? {} : { body }),
  });

describe('malformedActionResponse', () => {
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
  ])('answers 400 for %s', async (_name, req) => {
    const res = await malformedActionResponse(req);
    expect(res?.status).toBe(400);
  });

  it('lets what React sends through', async () => {
    expect(await malformedActionResponse(post('["$undefined",{"a":1}]', 'text/plain;charset=UTF-8'))).toBeNull();
    const form = new FormData();
    form.set('0', '["$undefined","$K1"]');
    form.set('1_email', 'a@b.c');
    expect(await malformedActionResponse(post(form))).toBeNull();
  });

  it('leaves other requests alone', async () => {
    expect(await malformedActionResponse(post('garbage', 'text/plain', ''))).toBeNull();
    expect(
      await malformedActionResponse(new Request('http://p.test/', { headers: { 'next-action': 'x' } })),
    ).toBeNull();
  });
});
