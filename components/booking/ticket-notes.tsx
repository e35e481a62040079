'use client';

import { useTranslations } from 'next-intl';
import { useTx } from '@/lib/i18n/client';

import { childTicketRules, studentTicketRules } from '@/lib/domain/ticket-types';
import { verificationIssues, type VerifyFacts } from '@/lib/domain/verification';

/**
 * A chosen passenger's 12306 states, said next to them before submit (lib/domain/verification: the
 * same decision the server makes). A 'refuse' line says the booking will be stopped unless 12306 says
 * otherwise when it is checked again at submit; a 'warn' line does not stop it.
 */
export function VerifyNotes({ p, viaOwnAccount }: { p: VerifyFacts; viaOwnAccount: boolean }) {
  const t = useTranslations('booking');
  const tx = useTx();
  const issues = verificationIssues(p, viaOwnAccount);
  if (!issues.length) return null;
  return (
    <ul className="basis-full pl-6 text-sm">
      {issues.map((i) => (
        <li
          key={i.kind}
          data-testid="passenger-verify-warning"
          data-level={i.level}
          className={i.level === 'refuse' ? 'text-red-800' : 'text-amber-900'}
        >
          {i.level === 'refuse' ? t('verify.refuse') : t('verify.warn')}
          {tx(i.message)}
          {i.level === 'refuse' && t('verify.recheck')}
        </li>
      ))}
    </ul>
  );
}

/**
 * A rule quoted from the provider documents or 12306: Chinese is its source of truth, so an English
 * page shows the English and, beside it, the Chinese as written (marked lang="zh-CN").
 */
function QuotedRule({ text }: { text: string }) {
  const tx = useTx();
  const english = tx(text);
  if (english === text) return text;
  return (
    <>
      {english}{' '}
      <span lang="zh-CN" className="block text-xs text-slate-500">
        {text}
      </span>
    </>
  );
}

/** 儿童票 (the document's height rule and 12306's age rule) and, where the provider sells it, 学生票. */
export function TicketTypeNotes({ date, students }: { date: string; students: boolean }) {
  const t = useTranslations('booking');
  const child = childTicketRules(date);
  return (
    <details
      className="rounded border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700"
      data-testid="ticket-type-notes"
    >
      <summary className="cursor-pointer font-medium">
        {students ? t('ticketNotes.titleWithStudents') : t('ticketNotes.title')}
      </summary>
      <p className="mt-2" data-testid="child-height-rule">
        <QuotedRule text={child.height} />
      </p>
      <p className="mt-1" data-testid="child-age-rule">
        <QuotedRule text={child.age} />
      </p>
      <p className="mt-1">{t('ticketNotes.childWithAdultId')}</p>
      {students && (
        <p className="mt-1" data-testid="student-rule">
          <QuotedRule text={studentTicketRules(date)} />
        </p>
      )}
    </details>
  );
}
