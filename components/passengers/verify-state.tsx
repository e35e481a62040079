'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import {
  identityStateText,
  MOBILE_VERIFY_ELSEWHERE,
  mobileStateText,
  mobileVerifySteps,
} from '@/lib/domain/verification';
import type { PassengerView } from '@/lib/passengers/service';
import { useTx } from '@/lib/i18n/client';

/**
 * A 12306 passenger's 身份核验 and 手机核验 in plain words, and for a mobile awaiting verification the
 * steps with the code 12306 gave (panhe-train-api.md l.390). Rendered on the owner's own passengers
 * page only: the code reaches no other page (PassengerView.verificationCode is null elsewhere).
 */
export function VerifyState({ p }: { p: PassengerView }) {
  const t = useTranslations('passengers.verify');
  const tx = useTx();
  const identity = identityStateText(p.verifyStatus);
  const mobile = mobileStateText(p.mobileVerified);
  const tone = p.verifyStatus === 1 || p.verifyStatus === 5 ? 'text-slate-700' : 'text-amber-900';
  return (
    <div className="flex flex-col gap-0.5 text-xs" data-testid="passenger-verify-state">
      <span className={tone} data-testid="identity-state">
        {identity ? tx(identity) : t('identityNone')}
      </span>
      {mobile && (
        <span className={p.mobileVerified ? 'text-slate-700' : 'text-amber-900'} data-testid="mobile-state">
          {tx(mobile)}
        </span>
      )}
      {p.mobileVerified === false && (
        <span className="text-amber-900" data-testid="mobile-verify-steps">
          {tx(p.verificationCode ? mobileVerifySteps(p.mobileMasked, p.verificationCode) : MOBILE_VERIFY_ELSEWHERE)}
        </span>
      )}
    </div>
  );
}

/**
 * Reads the passengers again from 12306 (获取常旅客: "判断常旅客的 身份核验状态和手机核验状态 以此接口返回的为准",
 * l.347): the page's server render syncs the list with the provider on every load.
 */
export function RecheckButton() {
  const t = useTranslations('passengers.verify');
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <div>
      <button
        type="button"
        onClick={() => start(() => router.refresh())}
        disabled={pending}
        className="rounded border border-slate-300 px-3 py-1 text-sm"
      >
        {pending ? t('rechecking') : t('recheck')}
      </button>
    </div>
  );
}
