/**
 * The sandbox payment gateway through lib/payments over real HTTP, against a real Postgres: cashier
 * page and form POSTs, signed form notifications to a local receiver (retries, duplicates, drops,
 * delays), queries, partial idempotent refunds, over-refund, refund failure, expiry and cancel.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createSandboxGateway,
  DEFAULT_PAYMENT_MERCHANT_ID,
  DEFAULT_PAYMENT_SECRET_KEY,
  PaymentGatewayError,
  type PaymentGateway,
  type PaymentNotification,
} from '@/lib/payments';
import type { RunningSandbox } from '../server';
import { control, listenLocal, rejection, startTestSandbox, until } from '../testing.int';

interface Received {
  raw: string;
  contentType: string | null;
  at: number;
}

/** A merchant notify endpoint: `answer(n)` is the reply body of the n-th request (1-based). */
async function startNotifyReceiver(answer: (n: number) => string = () => 'success') {
  const received: Received[] = [];
  const endpoint = await listenLocal('/notify', (raw, req) => {
    received.push({ raw, contentType: req.headers['content-type'] ?? null, at: Date.now() });
    return answer(received.length);
  });
  return { ...endpoint, received };
}

let sandbox: RunningSandbox;
let gateway: PaymentGateway;
let rx: Awaited<ReturnType<typeof startNotifyReceiver>>;
let replies: (n: number) => string = () => 'success';

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox({ paymentRefundDelayMs: 50 }));
  await control(sandbox, 'POST', 'clock', { reset: true });
  await control(sandbox, 'DELETE', 'faults');
  gateway = createSandboxGateway({
    gateway: 'sandbox',
    baseUrl: sandbox.url,
    merchantId: DEFAULT_PAYMENT_MERCHANT_ID,
    secretKey: DEFAULT_PAYMENT_SECRET_KEY,
    timeoutMs: 10_000,
  });
  rx = await startNotifyReceiver((n) => replies(n));
});
afterEach(async () => {
  replies = () => 'success';
  await control(sandbox, 'POST', 'clock', { reset: true });
  await control(sandbox, 'DELETE', 'faults');
});
afterAll(async () => {
  await rx.close();
  await sandbox.stop();
});

let seq = 0;
const newPaymentNo = () => `P${Date.now().toString(36)}${(seq++).toString(36)}`;

async function start(amountFen = 12_550, ttlMs = 15 * 60_000) {
  const paymentNo = newPaymentNo();
  const started = await gateway.startPayment({
    paymentNo,
    amountFen,
    subject: 'G1 北京南→上海 <2张>',
    notifyUrl: rx.url,
    returnUrl: 'http://localhost:3000/trips/42?from=pay',
    expiresAt: new Date(Date.now() + ttlMs),
  });
  return { paymentNo, ...started };
}

/** Verified notifications for one payment, in arrival order. */
function notificationsFor(paymentNo: string): PaymentNotification[] {
  return rx.received
    .map((r) => gateway.verifyNotification(r.raw, r.contentType))
    .flatMap((v) => (v.ok && v.notification.paymentNo === paymentNo ? [v.notification] : []));
}
const waitFor = (paymentNo: string, n = 1, pred: (x: PaymentNotification) => boolean = () => true) =>
  until(() => {
    const list = notificationsFor(paymentNo).filter(pred);
    return Promise.resolve(list.length >= n && list);
  });

interface Delivery {
  notifyId: string;
  kind: string;
  status: string;
  attempts: number;
}
const inspect = (paymentNo: string) =>
  control<{ payment: { status: string }; refundedFen: number; notifications: Delivery[] }>(
    sandbox,
    'GET',
    `payments/${paymentNo}`,
  );
const payByControl = (paymentNo: string, body: unknown = {}) =>
  control<{ payment: { status: string } }>(sandbox, 'POST', `payments/${paymentNo}/pay`, body);

const refusal = (p: Promise<unknown>) => rejection(p, PaymentGatewayError);
const form = (url: string) => fetch(url, { method: 'POST', redirect: 'manual' });
const actionOf = (html: string, label: string) => {
  const m = new RegExp(`<form method="post" action="([^"]+)"><button type="submit"[^>]*>${label}</button>`).exec(html);
  if (!m?.[1]) throw new Error(`no form for ${label}`);
  return new URL(m[1], sandbox.url).toString();
};

describe('payment through the cashier', () => {
  it('start → cashier page → 确认支付 form → redirect back → signed notification that verifies', async () => {
    const { paymentNo, cashierUrl, gatewayTradeNo } = await start();
    expect(gatewayTradeNo).toMatch(/^GT\d{8}/);
    expect(cashierUrl.startsWith(`${sandbox.url}/pay/cashier/`)).toBe(true);

    const page = await fetch(cashierUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain(paymentNo);
    expect(html).toContain('¥125.50');
    expect(html).toContain('G1 北京南→上海 &lt;2张&gt;'); // the subject is escaped, not markup
    expect(html).toMatch(/<button type="submit"[^>]*>确认支付<\/button>/);
    expect(html).toMatch(/<button type="submit"[^>]*>取消支付<\/button>/);

    const res = await form(actionOf(html, '确认支付'));
    expect(res.status).toBe(303);
    const back = new URL(res.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe('http://localhost:3000/trips/42');
    expect(back.searchParams.get('from')).toBe('pay');
    expect(back.searchParams.get('paymentNo')).toBe(paymentNo);

    const [n] = await waitFor(paymentNo);
    expect(n).toMatchObject({ kind: 'payment', paymentNo, gatewayTradeNo, amountFen: 12_550, status: 'paid' });
    expect(rx.received.at(-1)!.contentType).toMatch(/^application\/x-www-form-urlencoded/);

    const q = await gateway.queryPayment(paymentNo);
    expect(q).toMatchObject({ status: 'paid', amountFen: 12_550, gatewayTradeNo, refundedFen: 0 });
    expect(q!.paidAt).toBeInstanceOf(Date);
    expect(n!.at.getTime()).toBe(q!.paidAt!.getTime());

    // The page now says it is over and offers no buttons; a second click changes nothing.
    const after = await (await fetch(cashierUrl)).text();
    expect(after).toContain('支付成功');
    expect(after).not.toContain('确认支付');
    expect((await form(actionOf(html, '确认支付'))).status).toBe(303);
    await until(async () => (await inspect(paymentNo)).notifications.every((x) => x.status === 'delivered'));
    expect((await inspect(paymentNo)).notifications).toHaveLength(1);
  });

  it('取消支付 closes the payment, redirects back and notifies closed; paying afterwards is refused', async () => {
    const { paymentNo, cashierUrl } = await start(800);
    const html = await (await fetch(cashierUrl)).text();
    const res = await form(actionOf(html, '取消支付'));
    expect(res.status).toBe(303);
    const [n] = await waitFor(paymentNo);
    expect(n).toMatchObject({ kind: 'payment', status: 'closed', amountFen: 800 });
    expect((await gateway.queryPayment(paymentNo))?.status).toBe('closed');
    const late = await form(actionOf(html, '确认支付'));
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('交易已关闭');
    await expect(payByControl(paymentNo)).rejects.toThrow(/409/);
  });

  it('an unknown cashier token is a 404 page', async () => {
    const res = await fetch(`${sandbox.url}/pay/cashier/nope`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('支付单不存在');
  });
});

describe('start and query', () => {
  it('startPayment is idempotent by paymentNo; another amount under the same number is refused', async () => {
    const a = await start(5000);
    const again = await gateway.startPayment({
      paymentNo: a.paymentNo,
      amountFen: 5000,
      subject: 'x',
      notifyUrl: rx.url,
      returnUrl: 'http://localhost:3000/',
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect(again).toEqual({ cashierUrl: a.cashierUrl, gatewayTradeNo: a.gatewayTradeNo });
    const e = await refusal(
      gateway.startPayment({
        paymentNo: a.paymentNo,
        amountFen: 5001,
        subject: 'x',
        notifyUrl: rx.url,
        returnUrl: 'http://localhost:3000/',
        expiresAt: new Date(Date.now() + 60_000),
      }),
    );
    expect(e).toMatchObject({ kind: 'business', code: 'PAYMENT_NO_CONFLICT', retryable: false });
  });

  it('unknown payment and refund query as null; a wrong merchant key is refused as BAD_SIGN', async () => {
    expect(await gateway.queryPayment('P-none')).toBeNull();
    expect(await gateway.queryRefund('R-none')).toBeNull();
    const forged = createSandboxGateway({
      gateway: 'sandbox',
      baseUrl: sandbox.url,
      merchantId: DEFAULT_PAYMENT_MERCHANT_ID,
      secretKey: 'not-the-merchant-key-0123',
      timeoutMs: 5000,
    });
    const e = await refusal(forged.queryPayment('P-none'));
    expect(e).toMatchObject({ kind: 'business', code: 'BAD_SIGN', httpStatus: 401 });
  });
});

describe('notifications', () => {
  it('are retried until the body is `success`, with the same notifyId each time', async () => {
    const { paymentNo } = await start(100);
    const before = rx.received.length;
    replies = (n) => (n - before < 3 ? 'fail' : 'success');
    await payByControl(paymentNo);
    const list = await waitFor(paymentNo, 3);
    expect(new Set(list.map((x) => x.notifyId)).size).toBe(1);
    const d = await until(async () => {
      const [x] = (await inspect(paymentNo)).notifications;
      return x?.status === 'delivered' && x;
    });
    expect(d.attempts).toBe(3);
  });

  it('fault paymentNotifyDuplicate: the same notification arrives twice', async () => {
    await control(sandbox, 'POST', 'faults', { paymentNotifyDuplicate: true });
    const { paymentNo } = await start(200);
    await payByControl(paymentNo);
    const [a, b] = await waitFor(paymentNo, 2);
    expect(a).toEqual(b);
  });

  it('fault paymentNotifyDropRate 1: nothing arrives; the query still tells the truth', async () => {
    await control(sandbox, 'POST', 'faults', { paymentNotifyDropRate: 1 });
    const { paymentNo } = await start(300);
    await payByControl(paymentNo);
    const [d] = (await inspect(paymentNo)).notifications;
    expect(d).toMatchObject({ status: 'dropped', attempts: 0 });
    await control(sandbox, 'POST', 'payments/tick');
    expect(notificationsFor(paymentNo)).toHaveLength(0);
    expect((await gateway.queryPayment(paymentNo))?.status).toBe('paid');
  });

  it('fault paymentNotifyDelayMs: the first attempt waits that long', async () => {
    await control(sandbox, 'POST', 'faults', { paymentNotifyDelayMs: 400 });
    const { paymentNo } = await start(400);
    const paidAt = Date.now();
    await payByControl(paymentNo);
    await waitFor(paymentNo);
    const arrived = rx.received.find((r) => r.raw.includes(paymentNo))!.at;
    expect(arrived - paidAt).toBeGreaterThanOrEqual(400);
  });

  it('the control endpoint can end a payment as failed', async () => {
    const { paymentNo } = await start(500);
    expect((await payByControl(paymentNo, { outcome: 'failed' })).payment.status).toBe('failed');
    const [n] = await waitFor(paymentNo);
    expect(n).toMatchObject({ kind: 'payment', status: 'failed' });
  });
});

describe('refunds', () => {
  it('partial, idempotent by refundNo, never beyond the amount paid, settled by notification', async () => {
    const { paymentNo } = await start(12_550);
    await payByControl(paymentNo);
    const r1 = { paymentNo, refundNo: `${paymentNo}-R1`, amountFen: 3000, reason: '退票', notifyUrl: rx.url };
    expect(await gateway.refund(r1)).toEqual({ refundNo: r1.refundNo, status: 'pending' });
    // The same refund number again (a retry): the same refund, not a second one.
    expect((await gateway.refund(r1)).refundNo).toBe(r1.refundNo);
    expect((await gateway.queryPayment(paymentNo))?.refundedFen).toBe(3000);

    const conflict = await refusal(gateway.refund({ ...r1, amountFen: 3001 }));
    expect(conflict).toMatchObject({ kind: 'business', code: 'REFUND_NO_CONFLICT' });
    const over = await refusal(gateway.refund({ ...r1, refundNo: `${paymentNo}-R2`, amountFen: 9551 }));
    expect(over).toMatchObject({ kind: 'business', code: 'REFUND_AMOUNT_EXCEEDED' });
    // Exactly the rest is allowed.
    const rest = await gateway.refund({ ...r1, refundNo: `${paymentNo}-R3`, amountFen: 9550 });
    expect(rest.status).toBe('pending');

    const refunds = await waitFor(paymentNo, 2, (x) => x.kind === 'refund');
    expect(refunds.map((x) => x.kind === 'refund' && [x.refundNo, x.amountFen, x.status]).sort()).toEqual([
      [`${paymentNo}-R1`, 3000, 'succeeded'],
      [`${paymentNo}-R3`, 9550, 'succeeded'],
    ]);
    const q = await gateway.queryRefund(r1.refundNo);
    expect(q).toMatchObject({ status: 'succeeded', amountFen: 3000 });
    expect(q!.at).toBeInstanceOf(Date);
    expect((await gateway.queryPayment(paymentNo))?.refundedFen).toBe(12_550);
    const after = await refusal(gateway.refund({ ...r1, refundNo: `${paymentNo}-R4`, amountFen: 1 }));
    expect(after.code).toBe('REFUND_AMOUNT_EXCEEDED');
  });

  it('concurrent refunds: one refundNo sent five times is one refund; distinct ones stop at the amount paid', async () => {
    const { paymentNo } = await start(10_000);
    await payByControl(paymentNo);
    const same = { paymentNo, refundNo: `${paymentNo}-S`, amountFen: 1000, reason: '退票', notifyUrl: rx.url };
    const answers = await Promise.all(Array.from({ length: 5 }, () => gateway.refund(same)));
    expect(new Set(answers.map((a) => a.refundNo))).toEqual(new Set([same.refundNo]));
    expect((await gateway.queryPayment(paymentNo))?.refundedFen).toBe(1000);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => gateway.refund({ ...same, refundNo: `${paymentNo}-D${i}`, amountFen: 3000 })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect((r.reason as PaymentGatewayError).code).toBe('REFUND_AMOUNT_EXCEEDED');
    expect((await gateway.queryPayment(paymentNo))?.refundedFen).toBe(10_000);
  });

  it('an unpaid payment cannot be refunded; an unknown one is not found', async () => {
    const { paymentNo } = await start(700);
    const base = { refundNo: `${paymentNo}-R1`, amountFen: 100, reason: '退票', notifyUrl: rx.url };
    expect((await refusal(gateway.refund({ ...base, paymentNo }))).code).toBe('PAYMENT_NOT_PAID');
    expect((await refusal(gateway.refund({ ...base, paymentNo: 'P-none' }))).code).toBe('PAYMENT_NOT_FOUND');
  });

  it('fault paymentRefundFailRate 1: the refund fails, is notified, and the amount is refundable again', async () => {
    const { paymentNo } = await start(1000);
    await payByControl(paymentNo);
    await control(sandbox, 'POST', 'faults', { paymentRefundFailRate: 1 });
    const refundNo = `${paymentNo}-R1`;
    await gateway.refund({ paymentNo, refundNo, amountFen: 1000, reason: '退票', notifyUrl: rx.url });
    const [n] = await waitFor(paymentNo, 1, (x) => x.kind === 'refund');
    expect(n).toMatchObject({ kind: 'refund', refundNo, status: 'failed', amountFen: 1000 });
    expect((await gateway.queryRefund(refundNo))?.status).toBe('failed');
    expect((await gateway.queryPayment(paymentNo))?.refundedFen).toBe(0);
    await control(sandbox, 'DELETE', 'faults');
    const again = await gateway.refund({
      paymentNo,
      refundNo: `${paymentNo}-R2`,
      amountFen: 1000,
      reason: '退票',
      notifyUrl: rx.url,
    });
    expect(again.status).toBe('pending');
  });
});

describe('expiry', () => {
  it('a payment left pending past expiresAt (sandbox clock) is closed and notified', async () => {
    const { paymentNo, cashierUrl } = await start(900, 60_000);
    await control(sandbox, 'POST', 'clock', { advanceMinutes: 2 });
    const [n] = await waitFor(paymentNo);
    expect(n).toMatchObject({ kind: 'payment', status: 'closed', amountFen: 900 });
    expect((await gateway.queryPayment(paymentNo))?.status).toBe('closed');
    expect(await (await fetch(cashierUrl)).text()).toContain('交易已关闭');
    await expect(payByControl(paymentNo)).rejects.toThrow(/409/);
  });
});
