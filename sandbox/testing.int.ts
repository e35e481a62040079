/**
 * Helpers for the integration tests (*.int.test.ts) of the sandbox and of the portal: an in-process
 * sandbox on a free port, the real provider client (lib/provider) pointed at it, control calls, and
 * waiting for conditions. Test-only wiring of both sides, hence the .int.ts name: the sandbox's own
 * code imports nothing of the portal.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProviderClient, type ProviderClient } from '@/lib/provider/adapters/panhe/client';
import { DEFAULT_PROVIDER_APP_KEY, DEFAULT_PROVIDER_SECRET_KEY } from '@/protocol/defaults';
import { expect } from 'vitest';
import { freePort } from '../tests/support/net';
import { idNumberFor } from './accounts/id-number';
import { startSandbox, type RunningSandbox, type SandboxOptions } from './server';

export const APP_KEY = DEFAULT_PROVIDER_APP_KEY;
export const SECRET_KEY = DEFAULT_PROVIDER_SECRET_KEY;

export async function startTestSandbox(
  o: Partial<SandboxOptions> = {},
): Promise<{ sandbox: RunningSandbox; client: ProviderClient }> {
  const sandbox = await startSandbox({
    port: await freePort(),
    databaseUrl: process.env.DATABASE_URL!,
    holdDelayMs: 20,
    // Tests run at any real hour: the night closure only where a test asks for it (night.int.test.ts).
    nightClosure: false,
    issueDelayMs: 20,
    refundDelayMs: 20,
    callbackBackoffMs: 30,
    tickMs: 20,
    log: () => {},
    ...o,
  });
  const client = createProviderClient({
    baseUrl: sandbox.url,
    appKey: APP_KEY,
    secretKey: SECRET_KEY,
    timeoutMs: 30_000,
  });
  return { sandbox, client };
}

/** Calls a control endpoint (x-app-key) and answers its JSON. */
export async function control<T = Record<string, unknown>>(
  sandbox: RunningSandbox,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${sandbox.url}/sandbox/${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-app-key': APP_KEY },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T & { msg?: string };
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${json.msg ?? ''}`);
  return json;
}

/** A suite's starting state: the real clock, no faults, a balance of a million yuan. */
export async function resetSandbox(sandbox: RunningSandbox) {
  await control(sandbox, 'POST', 'clock', { reset: true });
  await control(sandbox, 'DELETE', 'faults');
  await control(sandbox, 'POST', 'balance', { balanceFen: 100_000_000 });
}

/** Polls a condition (never a fixed sleep): resolves with its first truthy value, fails at the deadline. */
export async function until<T>(
  f: () => Promise<T | undefined | null | false>,
  ms = 15_000,
  label = 'condition',
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${label} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** The error `p` rejects with; the test fails unless it rejects with an instance of `kind`. */
export async function rejection<E>(p: Promise<unknown>, kind: abstract new (...args: never[]) => E): Promise<E> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(kind);
  return e as E;
}

/** Today in Beijing, and n days later (YYYY-MM-DD), by the real clock. */
export const beijingToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
export const daysAhead = (n: number) =>
  new Date(Date.parse(`${beijingToday()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

let seq = 0;
/** A fresh valid ID number (GB 11643); adults born 1985, children (age 8) by `child`. */
export function nextId(child = false): string {
  seq += 1;
  const year = child ? new Date().getUTCFullYear() - 8 : 1985;
  return idNumberFor(String(110101 + (seq % 7)), `${year}-0${1 + (seq % 9)}-1${seq % 10}`, 100 + (seq % 900));
}

export interface TrainPick {
  trainCode: string;
  fromStation: string;
  toStation: string;
  fromDateTime: string;
  toDateTime: string;
}

export function passenger(name: string, seatType: number, extra: Record<string, unknown> = {}) {
  return { name, cardType: 1, cardNo: nextId(), mobile: '13800138000', ticketType: 1, seatType, ...extra };
}

export function createRequest(
  train: TrainPick,
  passengers: ReturnType<typeof passenger>[],
  extra: Record<string, unknown> = {},
) {
  return {
    customerOrderNo: `IT${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`,
    contactName: passengers[0]?.name ?? '联系人',
    contactMobile: '13800138000',
    ...train,
    trainAccount: 'sandbox',
    trainPassword: 'sandbox123',
    isChooseSeats: false,
    chooseSeats: null,
    chooseSleeper: '',
    passengers,
    ...extra,
  };
}

type ChangeRequest = Parameters<ProviderClient['applyChange']>[0];

/** A 申请改签 request: ticket `ticketNo` of order `orderNo` onto `train`, second class (4) unless `extra` says. */
export function changeRequest(
  orderNo: string,
  ticketNo: string,
  train: TrainPick,
  extra: Partial<ChangeRequest> & Pick<ChangeRequest, 'remark'>,
): ChangeRequest {
  return {
    orderNo,
    changePsgTicketNos: ticketNo,
    fromStation: train.fromStation,
    toStation: train.toStation,
    trainCode: train.trainCode,
    seatType: 4,
    fromDateTime: train.fromDateTime,
    toDateTime: train.toDateTime,
    isChooseSeats: false,
    chooseSleeper: '',
    ...extra,
  };
}

/** A local HTTP endpoint at `path` on a free port: `reply(raw, req)` answers a request from its body text. */
export async function listenLocal(path: string, reply: (raw: string, req: http.IncomingMessage) => string) {
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => res.end(reply(raw, req)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A local callback receiver: `answer(n, body)` decides the reply body of the n-th request (1-based). */
export async function startReceiver(answer: (n: number, body: Record<string, unknown>) => string = () => 'success') {
  const received: Record<string, unknown>[] = [];
  const endpoint = await listenLocal('/callback', (raw) => {
    const body = JSON.parse(raw || '{}') as Record<string, unknown>;
    received.push(body);
    return answer(received.length, body);
  });
  return { ...endpoint, received };
}
