'use client';

import { childTicketRules, studentTicketRules } from '@/lib/domain/ticket-types';
import { verificationIssues, type VerifyFacts } from '@/lib/domain/verification';

/**
 * A chosen passenger's 12306 states, said next to them before submit (lib/domain/verification: the
 * same decision the server makes). A 'refuse' line says the booking will be stopped unless 12306 says
 * otherwise when it is checked again at submit; a 'warn' line does not stop it.
 */
export function VerifyNotes({ p, viaOwnAccount }: { p: VerifyFacts; viaOwnAccount: boolean }) {
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
          {i.level === 'refuse' ? '不能预订：' : '提醒：'}
          {i.message}
          {i.level === 'refuse' && '（提交时会再向 12306 查询一次。）'}
        </li>
      ))}
    </ul>
  );
}

/** 儿童票 (the document's height rule and 12306's age rule) and, where the provider sells it, 学生票. */
export function TicketTypeNotes({ date, students }: { date: string; students: boolean }) {
  const child = childTicketRules(date);
  return (
    <details
      className="rounded border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700"
      data-testid="ticket-type-notes"
    >
      <summary className="cursor-pointer font-medium">儿童票{students ? '、学生票' : ''}说明</summary>
      <p className="mt-2" data-testid="child-height-rule">
        {child.height}
      </p>
      <p className="mt-1" data-testid="child-age-rule">
        {child.age}
      </p>
      <p className="mt-1">儿童没有有效身份证件的，可使用同行成年人的证件购票（在儿童的票种旁选择）。</p>
      {students && (
        <p className="mt-1" data-testid="student-rule">
          {studentTicketRules(date)}
        </p>
      )}
    </details>
  );
}
