/**
 * `npm run demo:book` (with `npm start` running): books through lib/provider against the running
 * sandbox and prints the trail — search 北京南 → 上海, a two-passenger order, the hold callback
 * (received here and acknowledged `success`), confirm, issued tickets, then a refund of one ticket after
 * moving the sandbox clock past the 5-minute rule, with its fee.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeIdCard } from '../lib/domain/idcard';
import { envAtStart } from '../lib/env';
import { createProviderClient } from '../lib/provider/adapters/panhe/client';
import { providerConfigFromEnv } from '../lib/provider/adapters/panhe/config';
import { verifyCallbackSign } from '../protocol/panhe/sign';
import { addDays, shanghaiDate } from '../lib/time';

const e = envAtStart('demo-book');
const config = providerConfigFromEnv(e);
const client = createProviderClient(config);
const date = addDays(shanghaiDate(), 3);
const log = (...a: unknown[]) => console.log('›', ...a);

const events: { eventType: string; orderStatus: number }[] = [];
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    const p = JSON.parse(body) as { orderNo: string; sign: string; eventType: string; orderStatus: number };
    const ok = verifyCallbackSign(config.secretKey, p.orderNo, p.sign);
    log(
      `callback ${p.eventType} for ${p.orderNo}: status ${p.orderStatus}, sign ${ok ? 'valid' : 'INVALID'} → answered "success"`,
    );
    events.push(p);
    res.end('success');
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const cbUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cb`;

async function until<T>(what: string, f: () => T | undefined): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

log(`provider ${config.baseUrl}; searching 北京南 → 上海 on ${date}`);
const lines = (await client.search({ fromStation: '北京南', toStation: '上海', fromDate: date })).trainLines ?? [];
const g1 = lines.find((l) => l.trainCode === 'G1');
if (!g1) throw new Error('G1 not found');
log(
  `${lines.length} trains; G1 ${g1.fromStation} ${g1.fromTime} → ${g1.toStation} ${g1.toTime} (${g1.runTime}), ${g1.Seats.map((s) => `${s.seatTypeName} ¥${s.ticketPrice} 余${s.leftTicketNum}`).join(', ')}`,
);

const seq = Date.now() % 900;
const { orderNo } = await client.createOrder({
  customerOrderNo: `DEMO${Date.now()}`,
  contactName: '张三',
  contactMobile: '13800138000',
  trainCode: 'G1',
  fromStation: g1.fromStation,
  toStation: g1.toStation,
  fromDateTime: g1.fromDateTime,
  toDateTime: g1.toDateTime,
  trainAccount: e.PROVIDER_TRAIN_ACCOUNT,
  trainPassword: e.PROVIDER_TRAIN_PASSWORD,
  isChooseSeats: true,
  chooseSeats: '1A1B',
  // Required by the 创单 table (panhe-train-api.md l.92 "chooseSleeper | string | 是"; "不选:空或000").
  chooseSleeper: '',
  callBackUrl: cbUrl,
  refundTicketCallbackUrl: cbUrl,
  passengers: [
    {
      name: '张三',
      cardType: 1,
      cardNo: makeIdCard('110101', '1988-08-08', seq),
      mobile: '13800138000',
      ticketType: 1,
      seatType: 4,
    },
    {
      name: '李四',
      cardType: 1,
      cardNo: makeIdCard('110101', '1990-09-09', seq + 1),
      mobile: '13800138001',
      ticketType: 1,
      seatType: 4,
    },
  ],
});
log(`创单 → orderNo ${orderNo} (hold resolves asynchronously)`);
await until('the hold callback', () => events.find((e) => e.eventType === 'order.hold'));
const held = await client.orderDetail(orderNo);
log(
  `占位成功: ¥${held.orderAmount}, pay by ${held.payLimitTime}; seats ${held.trainTickets.map((t) => t.seatNo).join(' / ')}`,
);

await client.confirmOrder(orderNo, held.orderAmount ?? null);
log('确认出票 accepted (signed md5(secretKey+orderNo+payAmount+secretKey))');
await until('the issue callback', () => events.find((e) => e.eventType === 'order.issue'));
const issued = await client.orderDetail(orderNo);
for (const t of issued.trainTickets)
  log(`出票成功: ${t.name} ${t.seatNo} ticket ${t.ticketNo} ${issued.ticketEntrance ?? ''}`);

const t0 = issued.trainTickets[0]!;
const refundReq = { orderNo, tickets: [{ name: t0.name, ticketNo: t0.ticketNo!, cardType: 1, cardNo: t0.cardNo }] };
await client.refundTicket(refundReq).catch((e: Error) => log(`refund right away refused: ${e.message}`));
await fetch(`${config.baseUrl}/sandbox/clock`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-app-key': config.appKey },
  body: JSON.stringify({ advanceMinutes: 6 }),
});
log('sandbox clock moved 6 minutes forward');
try {
  await client.refundTicket(refundReq);
  await until('the refund callback', () => events.find((e) => e.eventType === 'refund'));
  const after = (await client.orderDetail(orderNo)).trainTickets[0]!;
  log(
    `退票成功: ${after.name} price ¥${after.ticketPrice}, fee ¥${after.refundTicketPoundage}, refunded ¥${after.refundTicketAmount} (3 days out: 5 %, rounded to ¥0.5, at least ¥2)`,
  );
} finally {
  await fetch(`${config.baseUrl}/sandbox/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-app-key': config.appKey },
    body: JSON.stringify({ reset: true }),
  });
  receiver.close();
}
