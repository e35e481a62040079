/**
 * Notifications in the recipient's language (issue 32): the same issued-ticket email, read back from
 * the local mail catcher, in English for an account whose language is English (users.locale 'en') and
 * in Chinese for one whose language is Chinese; the inbox row in the same language.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { orderTickets, users } from '@/db/schema';
import { harnessForFile, issuedOrder, orderRow, until } from '@/lib/orders/harness.int';
import { formatShanghai } from '@/lib/time';
import { mailFor, rowsOf } from './mail.int';

const h = harnessForFile();

const mailbox = () => mailFor(h.mail.url, h.user.email);

async function issuedMail(locale: 'zh' | 'en', name: string) {
  await db().update(users).set({ locale }).where(eq(users.id, h.user.id));
  const id = await issuedOrder(h, [name]);
  const key = `order:${id}:issued`;
  const row = await until(
    async () => (await rowsOf(key)).find((r) => r.channel === 'email' && r.status === 'sent'),
    30_000,
    `email ${key} sent`,
  );
  const mails = (await mailbox()).filter((m) => m.messageId === row.messageId);
  expect(mails).toHaveLength(1);
  const inboxRow = (await rowsOf(key)).find((r) => r.channel === 'inbox');
  const seat = (await db().select().from(orderTickets).where(eq(orderTickets.orderId, id)))[0]!.seatNo!;
  return { mail: mails[0]!, inboxRow, order: await orderRow(id), seat };
}

describe('the issued-ticket email in the recipient’s language', () => {
  it('an English account gets it in English, with an English calendar reminder', async () => {
    const { mail, inboxRow, order } = await issuedMail('en', '语言甲');
    expect(mail.subject).toBe('Ticket issued');
    expect(mail.text).toContain(`departs ${formatShanghai(order.departureAt)}`);
    expect(mail.text).toContain('(Beijing time)');
    expect(mail.text).toContain('Please bring the ID document used for booking when you travel.');
    expect(mail.text).toContain('View details: ');
    expect(mail.text).toContain('China Rail Tickets');
    expect(mail.text).not.toMatch(/出票成功|查看详情|请携带/);
    expect(mail.html).toContain('<html lang="en">');
    const ics = mail.attachments.find((a) => a.filename === 'trip.ics');
    expect(Buffer.from(ics!.content, 'base64').toString('utf8')).toContain('Departure reminder');
    expect(inboxRow?.title).toBe('Ticket issued');
  });

  it('a Chinese account gets it in Chinese, as before', async () => {
    const { mail, inboxRow, order, seat } = await issuedMail('zh', '语言乙');
    expect(mail.subject).toBe('出票成功');
    expect(mail.text).toContain(`${formatShanghai(order.departureAt)} 开`);
    expect(mail.text).toContain(`语言乙：${seat}`);
    expect(mail.text).toContain('请携带购票时使用的有效身份证件乘车。');
    expect(mail.text).toContain('查看详情：');
    expect(mail.text).toContain('—— 铁路购票（此邮件由系统发送，请勿回复）');
    expect(mail.html).toContain('<html lang="zh-CN">');
    expect(inboxRow?.title).toBe('出票成功');
  });
});
