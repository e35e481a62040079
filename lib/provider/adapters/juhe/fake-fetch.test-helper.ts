/**
 * Unit-test helpers for the Juhe adapter: the document's fixtures, and a fetch that answers them (or
 * anything else) while recording what was sent.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { JuheConfig } from './config';

export const FIXTURES = path.join(import.meta.dirname, '__fixtures__');
export const readFixture = (name: string) => fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8');

export const TEST_KEY = 'juhe-unit-test-key';

export interface SentRequest {
  url: string;
  endpoint: string;
  method: string;
  contentType: string | null;
  form: URLSearchParams;
}

export type Answer = { status?: number; body: string } | Error;

/** A fetch whose answer per endpoint comes from `answer`; every request is kept in `sent`. */
export function fakeFetch(answer: (endpoint: string, form: URLSearchParams) => Answer) {
  const sent: SentRequest[] = [];
  const fetchImpl = ((input: string | URL, init?: RequestInit) => {
    const url = input.toString();
    const form = new URLSearchParams(typeof init?.body === 'string' ? init.body : '');
    const endpoint = url.split('/').pop()!;
    const headers = new Headers(init?.headers);
    sent.push({ url, endpoint, method: init?.method ?? 'GET', contentType: headers.get('content-type'), form });
    const a = answer(endpoint, form);
    if (a instanceof Error) return Promise.reject(a);
    return Promise.resolve(
      new Response(a.body, { status: a.status ?? 200, headers: { 'content-type': 'application/json' } }),
    );
  }) as typeof fetch;
  return { fetch: fetchImpl, sent };
}

export const envelopeOf = (result: unknown, error_code: number | string = 0, reason = '成功的返回') =>
  JSON.stringify({ reason, result, error_code });

export function testConfig(f: typeof fetch, over: Partial<JuheConfig> = {}): JuheConfig {
  return {
    baseUrl: 'http://juhe.test/trainTickets',
    key: TEST_KEY,
    timeoutMs: 2_000,
    payWindowMinutes: 30,
    fetch: f,
    ...over,
  };
}
