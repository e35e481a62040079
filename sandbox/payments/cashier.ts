/**
 * The cashier page (收银台): plain server-rendered HTML in zh-CN, no script, two POST forms. The
 * token in its address is the only credential (unguessable, one per payment), as a real cashier's
 * session link is. Pure rendering; the routes decide what happens.
 */
import type { PaymentRow } from './gateway';

/** The amount as a cashier shows it: ¥ and yuan with two decimals (amounts are positive integer fen). */
const yuanLabel = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The cashier's deadline in Beijing time, as the gateway's own page writes it. */
const beijing = (at: Date) => at.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

const STATUS_TEXT: Record<PaymentRow['status'], string> = {
  pending: '待支付',
  paid: '支付成功',
  failed: '支付失败',
  closed: '交易已关闭',
};

/** Security headers of every cashier answer: nothing loads, nothing frames it. */
export const CASHIER_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} - 沙箱支付网关</title>
<style>
body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;background:#f4f6f8;color:#1a1a1a}
main{max-width:28rem;margin:2rem auto;background:#fff;border-radius:.5rem;padding:1.5rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.25rem;margin:0 0 1rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.5rem 1rem;margin:0 0 1.5rem}
dt{color:#555}dd{margin:0;word-break:break-all}
.amount{font-size:1.5rem;font-weight:700;color:#b42318}
.actions{display:flex;gap:.75rem;flex-wrap:wrap}
button{font:inherit;padding:.6rem 1.2rem;border-radius:.375rem;border:1px solid #1d4ed8;cursor:pointer}
.pay{background:#1d4ed8;color:#fff}.cancel{background:#fff;color:#1d4ed8}
button:focus-visible,a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.note{color:#555;font-size:.875rem;margin-top:1.5rem}
a{color:#1d4ed8}
</style>
</head>
<body>
<main>
${body}
<p class="note">这是测试用的沙箱支付网关,不会产生真实扣款。</p>
</main>
</body>
</html>
`;
}

export function renderCashier(p: PaymentRow, merchantName: string): string {
  const details = `<dl>
<dt>收款方</dt><dd>${esc(merchantName)}</dd>
<dt>商户订单号</dt><dd>${esc(p.paymentNo)}</dd>
<dt>商品</dt><dd>${esc(p.subject)}</dd>
<dt>支付金额</dt><dd class="amount">${esc(yuanLabel(p.amountFen))}</dd>
<dt>状态</dt><dd>${esc(STATUS_TEXT[p.status])}</dd>
${p.status === 'pending' ? `<dt>支付截止</dt><dd><time datetime="${p.expiresAt.toISOString()}">${esc(beijing(p.expiresAt))}</time>(北京时间)</dd>` : ''}
</dl>`;
  if (p.status !== 'pending') {
    return page(
      STATUS_TEXT[p.status],
      `<h1>${esc(STATUS_TEXT[p.status])}</h1>
${details}
<p role="status">此笔交易已结束,无需再次操作。</p>
<p><a href="${esc(p.returnUrl)}">返回商户</a></p>`,
    );
  }
  const action = (what: string) => `/pay/cashier/${encodeURIComponent(p.cashierToken)}/${what}`;
  return page(
    '收银台',
    `<h1>收银台</h1>
${details}
<div class="actions">
<form method="post" action="${action('confirm')}"><button type="submit" class="pay">确认支付</button></form>
<form method="post" action="${action('cancel')}"><button type="submit" class="cancel">取消支付</button></form>
</div>`,
  );
}

export function renderNotFound(): string {
  return page('支付单不存在', '<h1>支付单不存在</h1>\n<p>链接无效或已失效,请回到商户重新发起支付。</p>');
}

/** The merchant's returnUrl with paymentNo appended (the browser's return proves nothing). */
export function returnTo(p: PaymentRow): string {
  const u = new URL(p.returnUrl);
  u.searchParams.set('paymentNo', p.paymentNo);
  return u.toString();
}
