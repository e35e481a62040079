/**
 * HTTP of the sandbox payment gateway: the merchant API (`POST /pay/api/<op>`, signed flat JSON both
 * ways, protocol/payments/wire.ts), the cashier (`/pay/cashier/:token`) and the control endpoints mounted
 * under /sandbox/payments (x-app-key checked by the parent app).
 */
import { noteTraceparent } from '../trace';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { withSign, verifyFields, type SignableFields } from '@/protocol/payments/sign';
import { REQUESTS, type Operation } from '@/protocol/payments/wire';
import { CASHIER_HEADERS, renderCashier, renderNotFound, returnTo } from './cashier';
import { GatewayRefusal, type Gateway, type PaymentRow } from './gateway';

export interface RoutesDeps {
  gateway: Gateway;
  merchants: ReadonlyMap<string, string>;
  merchantId: string;
  merchantName: string;
  sweep: () => Promise<number>;
  deliver: () => Promise<number>;
  log: (s: string) => void;
}

type Flat = Record<string, string | number | boolean>;
const jsonAnswer = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
/** Drops null/undefined (an absent field, as the sign treats it) and signs when the merchant is known. */
function answer(fields: Record<string, unknown>, secretKey: string | null, status = 200): Response {
  const flat: Flat = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof Date) flat[k] = v.toISOString();
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') flat[k] = v;
  }
  return jsonAnswer(secretKey ? withSign(secretKey, flat) : flat, status);
}

function paymentFields(p: PaymentRow) {
  return { paymentNo: p.paymentNo, gatewayTradeNo: p.tradeNo, status: p.status, amountFen: p.amountFen };
}

export function paymentRoutes(d: RoutesDeps): Hono {
  const app = new Hono();
  const { gateway } = d;

  function api<S extends z.ZodType>(
    op: Operation,
    schema: S,
    handler: (input: z.output<S>, c: Context) => Promise<Record<string, unknown>>,
  ) {
    app.post(`/api/${op}`, async (c) => {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return answer({ code: 'INVALID_PARAMS', msg: '参数无效:请求体不是有效的JSON' }, null, 400);
      }
      const flat =
        !!body &&
        typeof body === 'object' &&
        !Array.isArray(body) &&
        Object.values(body).every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
      if (!flat) return answer({ code: 'INVALID_PARAMS', msg: '参数无效:请求体须为扁平的JSON对象' }, null, 400);
      const fields = body as SignableFields;
      noteTraceparent(c.req.path, c.req.header('traceparent'), fields);
      const secret = typeof fields.merchantId === 'string' ? d.merchants.get(fields.merchantId) : undefined;
      if (!secret) return answer({ code: 'UNKNOWN_MERCHANT', msg: '商户不存在' }, null, 401);
      if (!verifyFields(secret, fields)) return answer({ code: 'BAD_SIGN', msg: '签名验证失败' }, null, 401);
      const parsed = schema.safeParse(fields);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const msg = `参数无效:${issue?.path.join('.') || '请求体'} ${issue?.message ?? ''}`.trim();
        return answer({ code: 'INVALID_PARAMS', msg }, secret, 400);
      }
      try {
        return answer({ code: 'SUCCESS', msg: 'ok', ...(await handler(parsed.data, c)) }, secret);
      } catch (e) {
        if (e instanceof GatewayRefusal) return answer({ code: e.code, msg: e.message }, secret);
        d.log(`[sandbox] /pay/api/${op} failed: ${e instanceof Error ? e.message : String(e)}`);
        return answer({ code: 'SYSTEM_ERROR', msg: '系统繁忙,请稍后重试' }, null, 500);
      }
    });
  }

  api('payments/create', REQUESTS['payments/create'], async (r, c) => {
    const p = await gateway.createPayment({ ...r, expiresAt: new Date(r.expiresAt) });
    // The cashier lives where the merchant reached us (the same host the browser can reach locally).
    const cashierUrl = `${new URL(c.req.url).origin}/pay/cashier/${p.cashierToken}`;
    return { paymentNo: p.paymentNo, gatewayTradeNo: p.tradeNo, cashierUrl, status: p.status };
  });
  api('payments/query', REQUESTS['payments/query'], async (r) => {
    const p = await gateway.findPayment(r.merchantId, r.paymentNo);
    if (!p) throw new GatewayRefusal('PAYMENT_NOT_FOUND', `支付单${r.paymentNo}不存在`);
    return { ...paymentFields(p), refundedFen: await gateway.refundedFen(p.tradeNo), paidAt: p.paidAt };
  });
  api('refunds/create', REQUESTS['refunds/create'], async (r) => {
    const x = await gateway.createRefund(r);
    return { refundNo: x.refundNo, paymentNo: x.paymentNo, status: x.status, amountFen: x.amountFen };
  });
  api('refunds/query', REQUESTS['refunds/query'], async (r) => {
    const x = await gateway.findRefund(r.merchantId, r.refundNo);
    if (!x) throw new GatewayRefusal('REFUND_NOT_FOUND', `退款单${r.refundNo}不存在`);
    return {
      refundNo: x.refundNo,
      paymentNo: x.paymentNo,
      status: x.status,
      amountFen: x.amountFen,
      settledAt: x.settledAt,
    };
  });

  // ---- cashier ------------------------------------------------------------------------------------
  const html = (body: string, status = 200) => new Response(body, { status, headers: CASHIER_HEADERS });
  app.get('/cashier/:token', async (c) => {
    const p = await gateway.paymentByToken(c.req.param('token'));
    return p ? html(renderCashier(p, d.merchantName)) : html(renderNotFound(), 404);
  });
  for (const [action, outcome] of [
    ['confirm', 'paid'],
    ['cancel', 'closed'],
  ] as const) {
    app.post(`/cashier/:token/${action}`, async (c) => {
      const p = await gateway.paymentByToken(c.req.param('token'));
      if (!p) return html(renderNotFound(), 404);
      const r = await gateway.settle(p.tradeNo, outcome);
      if (!r) return html(renderNotFound(), 404);
      // A double click lands on the same outcome: send the browser back as the first click did.
      if (r.changed || r.payment.status === outcome) return c.redirect(returnTo(r.payment), 303);
      return html(renderCashier(r.payment, d.merchantName), 409);
    });
  }
  return app;
}

/** /sandbox/payments/*: pay without a browser, inspect a payment, run the gateway's work now. */
export function paymentControl(d: RoutesDeps): Hono {
  const control = new Hono();
  const bad = (msg: string, status: 400 | 404 | 409 = 400) => jsonAnswer({ success: false, msg }, status);
  control.post('/tick', async () => jsonAnswer({ swept: await d.sweep(), delivered: await d.deliver() }));
  control.get('/:paymentNo', async (c) => {
    const p = await d.gateway.findPayment(d.merchantId, c.req.param('paymentNo'));
    if (!p) return bad('支付单不存在', 404);
    return jsonAnswer({
      payment: p,
      refundedFen: await d.gateway.refundedFen(p.tradeNo),
      refunds: await d.gateway.refundsOf(p.tradeNo),
      notifications: await d.gateway.notificationsOf(p.merchantId, p.paymentNo),
    });
  });
  control.post('/:paymentNo/pay', async (c) => {
    const body = z
      .object({ outcome: z.enum(['paid', 'failed']).default('paid') })
      .strict()
      .safeParse((await c.req.json().catch(() => ({}))) ?? {});
    if (!body.success) return bad("参数无效:应为 {outcome?: 'paid' | 'failed'}");
    const p = await d.gateway.findPayment(d.merchantId, c.req.param('paymentNo'));
    if (!p) return bad('支付单不存在', 404);
    const r = await d.gateway.settle(p.tradeNo, body.data.outcome);
    if (!r) return bad('支付单不存在', 404);
    if (!r.changed) return bad(`支付单状态为${r.payment.status},不能再支付`, 409);
    return jsonAnswer({ payment: r.payment });
  });
  return control;
}
