/**
 * The chaos run's notification count (issue 28): every order event that announces itself by email
 * (lib/notify/events.ts notifyOrderEvents) has exactly one email, read back from the mail catcher.
 * None lost: each expected (event key) has a `sent` email row whose Message-ID the catcher received.
 * None doubled: every email that arrived is one event's message (its Message-ID is a notification
 * row's, fixed at the row's first claim), and no event key has two email rows for one address (the
 * UNIQUE index says so; counted anyway).
 *
 * What SMTP cannot give: a worker killed after the server accepted the message and before the row
 * says `sent` sends it again on the retry (lib/notify/deliver.ts). That copy carries the same
 * Message-ID, so it is the same message (RFC 5322 §3.6.4) and mail stores that dedupe on it show it
 * once; the run counts such copies (`resent`) and says so, and does not count them as a second email.
 * Waits up to `waitMs` for the queue to drain first.
 */
import type postgres from 'postgres';
import type { MailCatcher } from '../../sandbox/mail-catcher';

export interface NotifyCheck {
  name: string;
  checked: number;
  violated: number;
  examples: string[];
  emails: number;
  /** Copies of a message sent again after a kill (same Message-ID). */
  resent: number;
}

/** The email each event implies, as notifyOrderEvents keys it (grab orders announce no hold). */
async function expectedKeys(sql: postgres.Sql): Promise<string[]> {
  const rows = await sql<{ key: string }[]>`
    select distinct case
        when e.kind = 'order' and e.to_status = 2 then 'order:' || o.id || ':held'
        when e.kind = 'order' and e.to_status = 3 then 'order:' || o.id || ':hold-failed'
        when e.kind = 'order' and e.to_status = 8 then 'order:' || o.id || ':issued'
        when e.kind = 'order' and e.to_status = 9 then 'order:' || o.id || ':issue-failed'
        when e.kind = 'refund' then 'refund:' || e.ref_id || ':' || e.to_status
        when e.kind = 'change' then 'change:' || e.ref_id || ':' || e.to_status
      end as key
    from order_events e join orders o on o.id = e.order_id
    where (e.kind = 'order' and (e.to_status in (8, 9) or (e.to_status in (2, 3) and o.grab_order_id is null)))
       or (e.kind = 'refund' and e.to_status in (21, 22))
       or (e.kind = 'change' and e.to_status in (32, 34, 35, 37))`;
  return rows.map((r) => r.key);
}

export async function checkNotifications(sql: postgres.Sql, mail: MailCatcher, waitMs = 90_000): Promise<NotifyCheck> {
  const expected = await expectedKeys(sql);
  const sentRows = async () =>
    sql<{ event_key: string; message_id: string | null; status: string; n: number }[]>`
      select event_key, max(message_id) as message_id, min(status) as status, count(*)::int as n
      from notifications where channel = 'email' group by event_key, recipient`;
  const end = Date.now() + waitMs;
  let rows = await sentRows();
  const missing = () => {
    const sent = new Set(rows.filter((r) => r.status === 'sent').map((r) => r.event_key));
    return expected.filter((k) => !sent.has(k));
  };
  while (missing().length && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 1000));
    rows = await sentRows();
  }
  const examples: string[] = [];
  const lost = missing();
  for (const k of lost.slice(0, 5)) examples.push(`lost: no email sent for ${k}`);
  const perId = new Map<string, number>();
  for (const m of mail.messages()) if (m.messageId) perId.set(m.messageId, (perId.get(m.messageId) ?? 0) + 1);
  const resent = [...perId].reduce((sum, [, n]) => sum + n - 1, 0);
  const ids = new Set(rows.flatMap((r) => (r.message_id ? [r.message_id] : [])));
  const stray = [...perId.keys()].filter((id) => !ids.has(id));
  for (const id of stray.slice(0, 5)) examples.push(`doubled: ${id} is no notification's message`);
  const notArrived = rows.filter((r) => r.status === 'sent' && r.message_id && !perId.has(r.message_id));
  for (const r of notArrived.slice(0, 5)) examples.push(`marked sent, never arrived: ${r.event_key}`);
  const twoRows = rows.filter((r) => r.n > 1);
  return {
    name: 'notifications: one email per event, none lost, none doubled',
    checked: expected.length,
    violated: lost.length + stray.length + notArrived.length + twoRows.length,
    examples,
    emails: mail.messages().length,
    resent,
  };
}
