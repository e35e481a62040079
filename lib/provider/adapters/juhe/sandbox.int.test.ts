/**
 * The Juhe adapter against the sandbox's Juhe front (sandbox/juhe, written independently from the same
 * document) over real HTTP: search, hold → held, pay → issued, refund one ticket → refunded with its
 * amounts, cancel, refusals, balance, and the pushes (set up with setPush) verified by readCallback.
 * Two readings of juhe-train-api.md checking each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  beijingToday,
  daysAhead,
  listenLocal,
  nextId,
  resetSandbox,
  startTestSandbox,
  until,
} from '@/sandbox/testing.int';
import type { RunningSandbox } from '@/sandbox/server';
import { MSG, ProviderError } from '../../errors';
import type { CallbackNotice, HoldPassenger, HoldRequest } from '../../port';
import { ORDER_STATUS, TICKET_STATUS, type OrderDetail, type TrainLine } from '../../types';
import { createJuheProvider } from './adapter';

let sandbox: RunningSandbox;
let receiver: Awaited<ReturnType<typeof listenLocal>>;
let provider: ReturnType<typeof createJuheProvider>;
const notices: { kind: string; notice: CallbackNotice }[] = [];
const PAY_WINDOW_MINUTES = 10;

/** A sandbox control call for the Juhe key (its own balance and statement). */
async function control<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandbox.url}/sandbox/${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-app-key': sandbox.juheKey },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox({ port: 3721 }));
  await resetSandbox(sandbox);
  receiver = await listenLocal('', (raw, req) => {
    const kind = /\/api\/provider\/juhe\/callbacks\/([a-z]+)$/.exec(req.url ?? '')?.[1] ?? '?';
    notices.push({
      kind,
      notice: provider.readCallback({ kind, contentType: req.headers['content-type'] ?? null, body: raw }),
    });
    return 'success';
  });
  provider = createJuheProvider({
    baseUrl: `${sandbox.url}/trainTickets`,
    key: sandbox.juheKey,
    timeoutMs: 30_000,
    payWindowMinutes: PAY_WINDOW_MINUTES,
  });
  await provider.setup!(receiver.url);
});

afterAll(async () => {
  await receiver?.close();
  await sandbox?.stop();
});

const DATE = daysAhead(3);
let lines: TrainLine[] = [];

/** A G train 北京南 → 上海虹桥 with 二等座 left. */
function pick(): { line: TrainLine; priceFen: number } {
  const line = lines.find((l) => l.trainCode.startsWith('G') && l.seats.some((s) => s.seatType === 4 && s.left >= 4));
  if (!line) throw new Error('no G train with 二等座 left');
  return { line, priceFen: line.seats.find((s) => s.seatType === 4)!.priceFen };
}

let orderSeq = 0;
function holdRequest(passengers: Omit<HoldPassenger, 'cardNo'>[], over: Partial<HoldRequest> = {}): HoldRequest {
  const { line } = pick();
  orderSeq += 1;
  return {
    customerOrderNo: `JUHE-IT-${Date.now().toString(36)}-${orderSeq}`,
    trainCode: line.trainCode,
    fromStation: line.fromStation,
    toStation: line.toStation,
    departAt: line.departAt,
    arriveAt: line.arriveAt,
    seatType: 4,
    acceptStanding: false,
    chooseSeats: null,
    chooseSleeper: null,
    contactName: passengers[0]!.name,
    contactMobile: '13800138000',
    credentials: null,
    callbackBase: receiver.url,
    passengers: passengers.map((p) => ({ ...p, cardNo: nextId() })),
    ...over,
  };
}
const adult = (name: string, priceFen: number): Omit<HoldPassenger, 'cardNo'> => ({
  name,
  cardType: 1,
  mobile: null,
  ticketType: 1,
  seatType: 4,
  priceFen,
});

const detailUntil = (orderNo: string, ok: (d: OrderDetail) => boolean, label: string) =>
  until(
    async () => {
      await sandbox.tick();
      const d = await provider.detail(orderNo);
      return ok(d) ? d : null;
    },
    15_000,
    label,
  );

const noticesFor = (orderNo: string) =>
  notices
    .filter((n) => n.notice.ok && n.notice.orderNo === orderNo)
    .map((n) => n.notice as CallbackNotice & { ok: true });

async function heldOrder(passengers: number): Promise<{ orderNo: string; req: HoldRequest; held: OrderDetail }> {
  const { priceFen } = pick();
  const req = holdRequest(Array.from({ length: passengers }, (_, i) => adult(`旅客${'甲乙丙丁戊'[i]}`, priceFen)));
  const { orderNo } = await provider.hold(req);
  const held = await detailUntil(orderNo, (d) => d.status !== ORDER_STATUS.HOLDING, 'hold result');
  return { orderNo, req, held };
}

describe('the Juhe adapter against the sandbox Juhe front', () => {
  it('search: station names → telecodes → TrainLines of the day', async () => {
    lines = await provider.search({ from: '北京南', to: '上海虹桥', date: DATE });
    expect(lines.length).toBeGreaterThan(0);
    const { line, priceFen } = pick();
    expect(line.fromStation).toBe('北京南');
    expect(line.toStation).toBe('上海虹桥');
    expect(line.trainType).toBe(1);
    expect(line.canChooseSeat).toBe(true);
    expect(line.canChooseSleeper).toBe(false);
    expect(Number.isSafeInteger(priceFen) && priceFen > 0).toBe(true);
    for (const l of lines) {
      expect(l.departAt.getTime()).toBeLessThan(l.arriveAt.getTime());
      for (const s of l.seats) expect(Number.isSafeInteger(s.priceFen)).toBe(true);
    }
  });

  it('an unknown station is refused before any search', async () => {
    const e = await provider.search({ from: '不存在站', to: '上海虹桥', date: DATE }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProviderError);
    expect((e as ProviderError).message).toMatch(/未知车站/);
  });

  let issued: { orderNo: string; req: HoldRequest; detail: OrderDetail };

  it('hold → held: amounts, seats, ticket numbers, times from the query, pay deadline; submit push verified', async () => {
    const { line, priceFen } = pick();
    const { orderNo, req, held } = await heldOrder(2);
    expect(orderNo).toMatch(/^JH\d+/);
    expect(held).toMatchObject({
      orderNo,
      customerOrderNo: req.customerOrderNo,
      trainCode: line.trainCode,
      status: ORDER_STATUS.HELD,
      paid: false,
      orderFen: priceFen * 2,
      ticketFen: priceFen * 2,
    });
    expect(held.departAt).toEqual(line.departAt);
    expect(held.arriveAt).toEqual(line.arriveAt);
    expect(held.payDeadline!.getTime() - held.createdAt!.getTime()).toBeGreaterThanOrEqual(PAY_WINDOW_MINUTES * 60_000);
    for (const t of held.tickets) {
      expect(t).toMatchObject({ status: TICKET_STATUS.HELD, seatType: 4, priceFen, cardType: 1, ticketType: 1 });
      expect(t.ticketNo).toBeTruthy();
      expect(t.seatNo).toMatch(/车厢/);
    }
    expect(held.orderNo12306).toBeTruthy();
    const pushed = await until(async () => {
      await sandbox.tick();
      return noticesFor(orderNo).find((n) => n.eventType === 'submit:2');
    });
    expect(pushed.customerOrderNo).toBe(req.customerOrderNo);
    expect(notices.every((n) => n.notice.ok)).toBe(true);
    issued = { orderNo, req, detail: held };
  });

  it('pay → issued, the balance debited by orderamount; pay push verified', async () => {
    const before = await provider.balance();
    expect(before).toEqual((await control<{ balanceFen: number }>('GET', 'balance')).balanceFen);
    await provider.confirm(issued.orderNo, issued.detail.orderFen!);
    expect(await provider.balance()).toBe(before! - issued.detail.orderFen!);
    const d = await detailUntil(issued.orderNo, (x) => x.status === ORDER_STATUS.ISSUED, 'issue');
    expect(d).toMatchObject({ paid: true, issueFailRefund: null });
    expect(d.tickets.map((t) => t.status)).toEqual([TICKET_STATUS.ISSUED, TICKET_STATUS.ISSUED]);
    expect(d.issuedAt).toBeInstanceOf(Date);
    await until(async () => {
      await sandbox.tick();
      return noticesFor(issued.orderNo).find((n) => n.eventType === 'pay:4');
    });
    issued.detail = d;
  });

  it('paying again: only status 2 can be paid (217304, BAD_ORDER_STATE)', async () => {
    const e = await provider.confirm(issued.orderNo, 1).catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'business', msgCode: 217304, catalogueCode: MSG.BAD_ORDER_STATE });
  });

  it('refund one ticket of two → that ticket refunded with per-ticket amounts, the other still issued', async () => {
    // 12306: not within 5 minutes of issue.
    await control('POST', 'clock', { advanceMinutes: 6 });
    const [first, second] = issued.detail.tickets;
    const balance = await provider.balance();
    await provider.refundTicket({
      orderNo: issued.orderNo,
      ticketNo: first!.ticketNo!,
      name: first!.name,
      cardType: first!.cardType,
      cardNo: issued.req.passengers.find((p) => p.name === first!.name)!.cardNo,
      remark: '行程有变',
    });
    const d = await detailUntil(
      issued.orderNo,
      (x) => x.tickets.find((t) => t.ticketNo === first!.ticketNo)?.status === TICKET_STATUS.REFUNDED,
      'refund',
    );
    expect(d.status).toBe(ORDER_STATUS.ISSUED);
    const refunded = d.tickets.find((t) => t.ticketNo === first!.ticketNo)!;
    const other = d.tickets.find((t) => t.ticketNo === second!.ticketNo)!;
    expect(other.status).toBe(TICKET_STATUS.ISSUED);
    expect(refunded.refundFen).not.toBeNull();
    expect(refunded.refundFen! + refunded.refundFeeFen!).toBe(refunded.priceFen);
    // Three days out: 12306 keeps 5 % (at least ¥2).
    expect(refunded.refundFeeFen!).toBeGreaterThan(0);
    expect(refunded.refundedAt).toBeInstanceOf(Date);
    expect(await provider.balance()).toBe(balance! + refunded.refundFen!);
    await until(async () => {
      await sandbox.tick();
      return noticesFor(issued.orderNo).find((n) => n.eventType === 'refund:7');
    });
  });

  it('cancel a held order → 已取消 (5), its tickets too', async () => {
    const { orderNo, held } = await heldOrder(1);
    expect(held.status).toBe(ORDER_STATUS.HELD);
    await provider.cancel(orderNo);
    const d = await provider.detail(orderNo);
    expect(d.status).toBe(ORDER_STATUS.CANCELLED);
    expect(d.paid).toBe(false);
    expect(d.tickets.map((t) => t.status)).toEqual([TICKET_STATUS.CANCELLED]);
    const e = await provider.confirm(orderNo, held.orderFen!).catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'business' });
    expect([217302, 217304]).toContain((e as ProviderError).msgCode);
  });

  it('an unpaid hold lapses at the deadline → 已取消 (5); pay then answers 217302 ORDER_EXPIRED', async () => {
    const { orderNo, held } = await heldOrder(1);
    await control('POST', 'clock', { advanceMinutes: 11 });
    const d = await detailUntil(orderNo, (x) => x.status !== ORDER_STATUS.HELD, 'lapse');
    expect(d.status).toBe(ORDER_STATUS.CANCELLED);
    expect(d.unfinishedReason).toBeTruthy();
    const e = await provider.confirm(orderNo, held.orderFen!).catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'business' });
    expect([217302, 217304]).toContain((e as ProviderError).msgCode);
  });

  it('issue failure (5) → 出票失败 (9) with the whole orderamount back to the balance', async () => {
    await control('POST', 'faults', { front: 'juhe', issueFailRate: 1 });
    try {
      const { orderNo, held } = await heldOrder(1);
      const before = await provider.balance();
      await provider.confirm(orderNo, held.orderFen!);
      const d = await detailUntil(orderNo, (x) => x.status === ORDER_STATUS.ISSUE_FAILED, 'issue failure');
      expect(d.paid).toBe(true);
      expect(d.issueFailRefund).toMatchObject({ fen: held.orderFen });
      expect(d.tickets.map((t) => t.status)).toEqual([TICKET_STATUS.ISSUE_FAILED]);
      expect(await provider.balance()).toBe(before);
      await until(async () => {
        await sandbox.tick();
        return noticesFor(orderNo).find((n) => n.eventType === 'pay:5');
      });
    } finally {
      await control('DELETE', 'faults?front=juhe');
    }
  });

  it('10014 on pay: outcome unknown (not a refusal, not retryable); the order shows it was paid', async () => {
    await control('POST', 'faults', { front: 'juhe', payInternalErrorRate: 1 });
    try {
      const { orderNo, held } = await heldOrder(1);
      const e = await provider.confirm(orderNo, held.orderFen!).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ProviderError);
      expect(e).toMatchObject({ kind: 'http', retryable: false, msgCode: 10014 });
      // What the order core does next: read the order before any other attempt.
      const d = await provider.detail(orderNo);
      expect(d.paid).toBe(true);
      expect([ORDER_STATUS.ISSUING, ORDER_STATUS.ISSUED]).toContain(d.status);
    } finally {
      await control('DELETE', 'faults?front=juhe');
    }
  });

  it('an unknown order: 217303 NO_ORDER', async () => {
    const e = await provider.detail('JH000000000000001').catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'business', msgCode: 217303, catalogueCode: MSG.NO_ORDER });
  });

  it('a past date: 217301 BAD_PARAMS with the reason verbatim', async () => {
    const { priceFen } = pick();
    const yesterday = new Date(Date.parse(`${beijingToday()}T00:00:00+08:00`) - 86_400_000 + 8 * 3_600_000);
    const e = await provider
      .hold(holdRequest([adult('旅客己', priceFen)], { departAt: yesterday }))
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'business', msgCode: 217301, catalogueCode: MSG.BAD_PARAMS });
    expect((e as ProviderError).msg).toMatch(/^参数错误/);
  });

  it('every push the sandbox sent passed readCallback', () => {
    expect(notices.length).toBeGreaterThanOrEqual(3);
    expect(notices.filter((n) => !n.notice.ok)).toEqual([]);
    expect(new Set(notices.map((n) => n.kind))).toEqual(new Set(['submit', 'pay', 'refund']));
    // Cancel and lapse push nothing (§15 "none documented"): the order core polls held orders.
  });
});
