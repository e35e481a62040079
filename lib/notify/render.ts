/**
 * The templates: each notification kind in the recipient's language (users.locale; none: Chinese),
 * messages/{zh,en}/emails.json, lib texts (stations, seats, failure reasons) through localText, with
 * the order's facts read when the job runs,
 * personal data masked (lib/domain/mask.ts: the contact mobile as 138****5678, passengers by name only,
 * never an ID number), and a link into the portal. A reminder whose moment has passed (the order was
 * paid, the ticket refunded or changed) renders to null: nothing is sent.
 *
 * Plain HTML from these lines (escaped), not a templating library: the worker runs with the
 * react-server condition, where react-dom/server's renderer is not available, and a notification is a
 * title, a few lines and one button.
 */
import { asc, eq } from 'drizzle-orm';
import { createEvent } from 'ics';
import { db } from '@/db/client';
import {
  agencyInvitations,
  changeOrders,
  grabOrders,
  orders,
  orderTickets,
  ticketRefunds,
  type Order,
  type OrderTicket,
} from '@/db/schema';
import { openPii } from '@/lib/crypto/pii';
import { env } from '@/lib/env';
import { formatFen } from '@/lib/format';
import { localText } from '@/lib/i18n/catalogue';
import { DEFAULT_LOCALE, HTML_LANG, type Locale } from '@/lib/i18n/config';
import { translatorFor } from '@/lib/i18n/translator';
import { formatShanghai } from '@/lib/time';
import type { NotifyJob } from './events';
import { KINDS, isKind, type NotifyKind } from './kinds';

export interface Rendered {
  title: string;
  lines: string[];
  /** Absolute link into the portal. */
  link: string | null;
  /** A calendar file for the email (tickets issued). */
  ics?: string;
  /** Departure reminders ignore quiet hours. */
  ignoresQuietHours: boolean;
  /** The link carries a secret (an invitation token): sent, never stored on the notification row. */
  secretLink?: boolean;
  /** The language it is written in. */
  locale: Locale;
}

/** The portal's address as travellers reach it (NEXTAUTH_URL; PORTAL_PUBLIC_URL; localhost:PORT). */
export function baseUrl(): string {
  const e = env();
  return (e.NEXTAUTH_URL ?? e.PORTAL_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
}

const USABLE_TICKET = 8;

/** The recipient's language: the emails messages and lib texts (stations, seats, reasons) in it. */
function language(locale: Locale) {
  const t = translatorFor(locale);
  const lt = (text: string) => localText(locale, text);
  return { locale, t, lt };
}
type Lang = ReturnType<typeof language>;

function leg(
  { t, lt }: Lang,
  o: Pick<Order, 'trainCode' | 'fromStation' | 'toStation' | 'departureAt' | 'arrivalAt'>,
): string {
  const arrive = o.arrivalAt ? t('emails.legArrive', { time: formatShanghai(o.arrivalAt).slice(11) }) : '';
  return t('emails.leg', {
    train: o.trainCode,
    from: lt(o.fromStation),
    to: lt(o.toStation),
    depart: formatShanghai(o.departureAt),
    arrive,
  });
}

function ticketLines({ t, lt }: Lang, tickets: OrderTicket[]): string[] {
  return tickets.map((x) =>
    t('emails.ticketLine', {
      name: x.passengerName,
      seat: x.seatNo ? lt(x.seatNo) : t('emails.seatPending'),
      entrance: x.ticketEntrance ? t('emails.ticketEntrance', { entrance: x.ticketEntrance }) : '',
      price: x.priceFen ? t('emails.ticketPrice', { price: formatFen(x.priceFen) }) : '',
    }),
  );
}

function calendarFile(lang: Lang, o: Order, tickets: OrderTicket[], link: string): string | undefined {
  const { t, lt } = lang;
  const { value, error } = createEvent({
    uid: `order-${o.id}@rail-portal`,
    title: `${o.trainCode} ${lt(o.fromStation)} → ${lt(o.toStation)}`,
    start: o.departureAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    ...(o.arrivalAt
      ? { end: o.arrivalAt.getTime(), endInputType: 'utc' as const, endOutputType: 'utc' as const }
      : { duration: { hours: 1 } }),
    location: lt(o.fromStation),
    description: ticketLines(lang, tickets).join('\n'),
    url: link,
    alarms: [{ action: 'display', description: t('emails.calendarAlarm'), trigger: { hours: 2, before: true } }],
  });
  return error || !value ? undefined : value;
}

async function orderWithTickets(orderId: string) {
  const [o] = await db().select().from(orders).where(eq(orders.id, orderId));
  if (!o) return null;
  const tickets = await db()
    .select()
    .from(orderTickets)
    .where(eq(orderTickets.orderId, orderId))
    .orderBy(asc(orderTickets.position));
  return { o, tickets };
}

const contact = ({ t }: Lang, o: Order) =>
  o.contactMobileMasked ? [t('emails.contact', { mobile: o.contactMobileMasked })] : [];

/** The notification for a job, with the facts as they are now; null: nothing to send any more. */
export async function render(job: NotifyJob, locale: Locale = DEFAULT_LOCALE): Promise<Rendered | null> {
  if (!isKind(job.kind)) return null;
  const kind: NotifyKind = job.kind;
  const lang = language(locale);
  const { t, lt } = lang;
  const reason = (r: string | null | undefined, unknown: string) =>
    t('emails.reason', { reason: r != null ? lt(r) : unknown });
  const base = baseUrl();
  const out = (title: string, lines: string[], link: string | null, ics?: string): Rendered => ({
    title,
    lines,
    link,
    ...(ics ? { ics } : {}),
    ignoresQuietHours: 'ignoresQuietHours' in KINDS[kind] && KINDS[kind].ignoresQuietHours === true,
    locale,
  });
  const facts = job.facts ?? {};

  if (job.orderId) {
    const found = await orderWithTickets(job.orderId);
    if (!found) return null;
    const { o, tickets } = found;
    const link = `${base}/trips/${o.id}`;
    switch (kind) {
      case 'hold_succeeded':
        return out(
          t('emails.holdSucceeded.title', {
            deadline: o.payLimitAt ? formatShanghai(o.payLimitAt) : t('emails.holdSucceeded.deadlineFallback'),
          }),
          [
            leg(lang, o),
            ...ticketLines(lang, tickets),
            t('emails.holdSucceeded.pay', {
              amount: formatFen(o.totalFen),
              deadline: o.payLimitAt ? formatShanghai(o.payLimitAt) : t('emails.holdSucceeded.payFallback'),
            }),
            ...contact(lang, o),
          ],
          link,
        );
      case 'pay_reminder':
        // Re-checked now: only a hold still unpaid gets the reminder.
        if (o.status !== 2 || o.paymentStatus !== 'unpaid') return null;
        return out(
          t('emails.payReminder.title', { deadline: o.payLimitAt ? formatShanghai(o.payLimitAt) : '' }),
          [leg(lang, o), t('emails.payReminder.pay', { amount: formatFen(o.totalFen) })],
          link,
        );
      case 'hold_failed':
        return out(
          t('emails.holdFailed.title'),
          [leg(lang, o), reason(o.failureReason, t('emails.holdFailed.reasonUnknown')), t('emails.notCharged')],
          link,
        );
      case 'tickets_issued':
      case 'agency_customer_order':
        if (kind === 'agency_customer_order' && o.status === 9)
          return out(
            t('emails.issueFailed.agencyTitle'),
            [leg(lang, o), reason(o.failureReason, t('emails.reasonUnknown')), t('emails.issueFailed.agencyRefund')],
            `${base}/agent/orders`,
          );
        return out(
          kind === 'agency_customer_order' ? t('emails.issued.agencyTitle') : t('emails.issued.title'),
          [leg(lang, o), ...ticketLines(lang, tickets), ...contact(lang, o), t('emails.issued.bringId')],
          kind === 'agency_customer_order' ? `${base}/agent/orders` : link,
          calendarFile(lang, o, tickets, link),
        );
      case 'issue_failed':
        return out(
          t('emails.issueFailed.title'),
          [
            leg(lang, o),
            reason(o.failureReason, t('emails.reasonUnknown')),
            o.paidFen ? t('emails.issueFailed.paidBack', { amount: formatFen(o.paidFen) }) : t('emails.notCharged'),
          ],
          link,
        );
      case 'departure_eve':
      case 'departure_2h': {
        // Re-checked now: a refunded or changed ticket gets no reminder for this train. The order's
        // own reminders cover its original tickets; a 改签's (refId: the change) the tickets it issued.
        const [c] = job.refId ? await db().select().from(changeOrders).where(eq(changeOrders.id, job.refId)) : [];
        if (job.refId && (!c || c.status !== 34)) return null;
        const train = c ?? o;
        const usable = tickets.filter((x) => x.status === USABLE_TICKET && x.changeOrderId === (c ? c.id : null));
        if (o.status !== 8 || !usable.length) return null;
        return out(
          kind === 'departure_eve'
            ? t('emails.departure.eveTitle', {
                train: train.trainCode,
                time: formatShanghai(train.departureAt).slice(11),
              })
            : t('emails.departure.twoHoursTitle', { train: train.trainCode }),
          [leg(lang, train), ...ticketLines(lang, usable), t('emails.departure.tip')],
          link,
        );
      }
      case 'refund_result': {
        const [r] = job.refId ? await db().select().from(ticketRefunds).where(eq(ticketRefunds.id, job.refId)) : [];
        if (!r) return null;
        const ticket = tickets.find((x) => x.id === r.ticketId);
        const who = ticket ? t('emails.refund.whoNamed', { name: ticket.passengerName }) : t('emails.refund.who');
        if (r.status === 22)
          return out(
            t('emails.refund.failedTitle'),
            [
              leg(lang, o),
              t('emails.refund.failed', {
                who,
                reason: r.failureReason != null ? lt(r.failureReason) : t('emails.refund.reasonUnknown'),
              }),
            ],
            link,
          );
        const back = r.providerRefundFen ?? ticket?.refundAmountFen ?? null;
        return out(
          t('emails.refund.doneTitle'),
          [
            leg(lang, o),
            t('emails.refund.done', {
              who,
              fee: r.feeFen !== null ? t('emails.refund.fee', { amount: formatFen(r.feeFen) }) : '',
              refund:
                back !== null
                  ? t('emails.refund.refundAmount', { amount: formatFen(back) })
                  : t('emails.refund.refundPlain'),
            }),
          ],
          link,
        );
      }
      case 'change_result': {
        const [c] = job.refId ? await db().select().from(changeOrders).where(eq(changeOrders.id, job.refId)) : [];
        if (!c) return null;
        if (c.status === 34) {
          const money =
            c.priceChangeType === 3 && c.providerRefundFen
              ? t('emails.change.differenceBack', { amount: formatFen(c.providerRefundFen) })
              : c.priceChangeType === 1 && c.paidFen
                ? t('emails.change.differencePaid', { amount: formatFen(c.paidFen) })
                : '';
          return out(
            t('emails.change.doneTitle'),
            [t('emails.change.newTrain', { leg: leg(lang, c) }), money].filter(Boolean),
            link,
          );
        }
        return out(
          c.status === 37 ? t('emails.change.cancelledTitle') : t('emails.change.failedTitle'),
          [
            t('emails.change.keepTicket', { leg: leg(lang, o) }),
            c.failureReason ? t('emails.reason', { reason: lt(c.failureReason) }) : '',
          ].filter(Boolean),
          link,
        );
      }
      default:
        break;
    }
  }

  if (kind === 'grab_result' && job.grabId) {
    const [g] = await db().select().from(grabOrders).where(eq(grabOrders.id, job.grabId));
    if (!g) return null;
    const what = String(facts.what ?? g.status);
    const titles: Record<string, string> = {
      started: t('emails.grab.started'),
      succeeded: t('emails.grab.succeeded'),
      expired: t('emails.grab.expired'),
      cancelled: t('emails.grab.cancelled'),
    };
    const returned = g.prepaidFen - g.handedOverFen;
    // Succeeded: the tickets it got (train, date, times, each passenger's carriage and seat), as 出票成功.
    const won = what === 'succeeded' && g.resultOrderId ? await orderWithTickets(g.resultOrderId) : null;
    const wonTickets = won ? won.tickets.filter((x) => x.status === USABLE_TICKET && x.changeOrderId === null) : [];
    return out(
      titles[what] ?? t('emails.grab.updated'),
      [
        what === 'started'
          ? t('emails.grab.prepaid', { amount: formatFen(g.prepaidFen), deadline: formatShanghai(g.deadlineAt) })
          : '',
        ...(won ? [leg(lang, won.o), ...ticketLines(lang, wonTickets), ...contact(lang, won.o)] : []),
        what === 'expired' || what === 'cancelled'
          ? t('emails.grab.prepaidBack', { amount: formatFen(Math.max(returned, 0)) })
          : '',
      ].filter(Boolean),
      `${base}/trips/grabs/${g.id}`,
      won ? calendarFile(lang, won.o, wonTickets, `${base}/trips/${won.o.id}`) : undefined,
    );
  }

  switch (kind) {
    case 'account_security': {
      const what = String(facts.what ?? '');
      const titles: Record<string, string> = {
        new_device: t('emails.account.newDeviceTitle'),
        password_changed: t('emails.account.passwordChangedTitle'),
        locked: t('emails.account.lockedTitle'),
      };
      const lines: Record<string, () => string> = {
        new_device: () =>
          t('emails.account.newDevice', {
            at: facts.at ? formatShanghai(String(facts.at)) : t('emails.account.justNow'),
            device: facts.device != null ? String(facts.device) : t('emails.account.unknownDevice'),
          }),
        password_changed: () => t('emails.account.passwordChanged'),
        locked: () =>
          t('emails.account.locked', {
            minutes: facts.minutes ? t('emails.account.lockedMinutes', { minutes: String(facts.minutes) }) : '',
          }),
      };
      return out(titles[what] ?? t('emails.account.title'), [lines[what]?.() ?? ''], `${base}/signin`);
    }
    case 'agency_low_balance':
      return out(
        t('emails.lowBalance.title'),
        [
          t('emails.lowBalance.line', {
            balance: formatFen(Number(facts.balanceFen ?? 0)),
            threshold: formatFen(Number(facts.thresholdFen ?? 0)),
          }),
        ],
        `${base}/agent`,
      );
    case 'staff_invitation': {
      // Re-checked now: an invitation accepted or expired meanwhile is not sent.
      const [i] = job.refId
        ? await db().select().from(agencyInvitations).where(eq(agencyInvitations.id, job.refId))
        : [];
      if (!i || i.acceptedAt || i.expiresAt.getTime() <= Date.now() || !facts.sealedToken) return null;
      const agency = facts.agency != null ? String(facts.agency) : t('emails.invitation.agency');
      return {
        ...out(
          t('emails.invitation.title', { agency }),
          [
            t('emails.invitation.invite', { agency, email: i.email }),
            t('emails.invitation.accept', { expires: formatShanghai(i.expiresAt) }),
          ],
          `${base}/invite/${openPii(String(facts.sealedToken))}`,
        ),
        secretLink: true,
      };
    }
    default:
      return null;
  }
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function emailText(r: Rendered): string {
  const t = translatorFor(r.locale);
  return [
    r.title,
    '',
    ...r.lines,
    ...(r.link ? ['', t('emails.mail.details', { link: r.link })] : []),
    '',
    t('emails.mail.footer'),
  ].join('\n');
}

export function emailHtml(r: Rendered): string {
  const t = translatorFor(r.locale);
  const lines = r.lines.map((l) => `<p style="margin:4px 0">${escapeHtml(l)}</p>`).join('');
  const button = r.link
    ? `<p style="margin:16px 0"><a href="${escapeHtml(r.link)}" style="background:#1d4ed8;color:#fff;padding:8px 16px;border-radius:6px;text-decoration:none">${escapeHtml(t('emails.mail.button'))}</a></p>`
    : '';
  return `<!doctype html><html lang="${HTML_LANG[r.locale]}"><head><meta charset="utf-8"><title>${escapeHtml(r.title)}</title></head><body style="font-family:sans-serif;color:#0f172a"><h1 style="font-size:18px">${escapeHtml(r.title)}</h1>${lines}${button}<p style="color:#64748b;font-size:12px">${escapeHtml(t('emails.mail.footerHtml'))}</p></body></html>`;
}
