/**
 * Issue 26 item 10: the contact mobile at rest. A booking stores it sealed with a masked copy, the
 * provider still receives the number itself, and rows written in clear before are sealed by the
 * start-up backfill (idempotent); the auditor flags a clear value.
 */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { grabOrders, orders } from '@/db/schema';
import { backfillPii } from '@/lib/crypto/pii-backfill';
import { openPii } from '@/lib/crypto/pii';
import { auditSealedMobiles } from './audit-sealed';
import { book, harnessForFile, orderRow, until } from './harness.int';

const h = harnessForFile();

describe('contact mobile at rest', () => {
  it('a booking stores the contact mobile sealed with its masked copy; the provider gets the number', async () => {
    const id = await book(h, ['联系甲']);
    const o = await orderRow(id);
    expect(o.contactMobile).toMatch(/^pii1\./);
    expect(o.contactMobile).not.toContain('13800138000');
    expect(o.contactMobileMasked).toBe('138****8000');
    expect(openPii(o.contactMobile!)).toBe('13800138000');
    // The whole row as text (what a dump holds): the number is nowhere in it.
    const [dump] = await db().execute<{ v: string }>(sql`select o::text as v from orders o where id = ${id}`);
    expect(dump!.v).not.toContain('13800138000');
    // The sandbox (the provider) received the opened number in 创单's contactMobile.
    const atProvider = await until(
      async () => {
        const rows = await db().execute<{ contact_mobile: string }>(
          sql`select contact_mobile from sandbox.orders where customer_order_no = ${o.customerOrderNo}`,
        );
        return [...rows][0];
      },
      15_000,
      'the order at the provider',
    );
    expect(atProvider.contact_mobile).toBe('13800138000');
    const [check] = await auditSealedMobiles([id], []);
    expect(check).toMatchObject({ checked: 1, violated: 0 });
  });

  it('the start-up backfill seals clear rows of orders and grab orders, fills the masked copy, and is idempotent', async () => {
    const [o] = await db().execute<{ id: string }>(sql`insert into orders (user_id, customer_order_no, status,
        train_code, from_station, to_station, departure_at, seat_type, total_fen, contact_mobile)
      values (${h.user.id}, ${`CLEAR${Date.now()}`}, 8, 'G1', '北京南', '上海', now() + interval '3 days', 4, 55300,
        '13912345678') returning id`);
    const [g] = await db().execute<{ id: string }>(sql`insert into grab_orders (user_id, request_no, status,
        passengers, contact_mobile, deadline_at, prepaid_fen)
      values (${h.user.id}, ${`CLEARG${Date.now()}`}, 'C', '[]'::jsonb, '13698765432', now() + interval '1 day', 100)
      returning id`);
    const orderId = o!.id;
    const grabId = g!.id;

    const [before] = await auditSealedMobiles([orderId], [grabId]);
    expect(before).toMatchObject({ checked: 2, violated: 2 });
    expect(before!.examples.join(' ')).not.toContain('13912345678'); // the auditor never prints the number

    const first = await backfillPii(process.env.DATABASE_URL!);
    expect(first.resealed).toBeGreaterThanOrEqual(2);
    const [o1] = await db().select().from(orders).where(eq(orders.id, orderId));
    const [g1] = await db().select().from(grabOrders).where(eq(grabOrders.id, grabId));
    expect(o1!.contactMobile).toMatch(/^pii1\./);
    expect(o1!.contactMobileMasked).toBe('139****5678');
    expect(openPii(o1!.contactMobile!)).toBe('13912345678');
    expect(g1!.contactMobile).toMatch(/^pii1\./);
    expect(g1!.contactMobileMasked).toBe('136****5432');
    expect(openPii(g1!.contactMobile)).toBe('13698765432');

    // A second run finds nothing to do and leaves the sealed values as they are.
    const second = await backfillPii(process.env.DATABASE_URL!);
    expect(second.resealed).toBe(0);
    const [o2] = await db().select().from(orders).where(eq(orders.id, orderId));
    const [g2] = await db().select().from(grabOrders).where(eq(grabOrders.id, grabId));
    expect(o2!.contactMobile).toBe(o1!.contactMobile);
    expect(g2!.contactMobile).toBe(g1!.contactMobile);

    const [after] = await auditSealedMobiles([orderId], [grabId]);
    expect(after).toMatchObject({ checked: 2, violated: 0 });
  });
});
