import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { invitationState } from '@/lib/agency/service';
import { formatShanghai } from '@/lib/time';
import { invitationOf } from './invitation';

/**
 * An unknown or expired invitation answers 404 (the page calls notFound()), still with a page that says
 * which and what to do: the reason is written here, around ./not-found.tsx, because the not-found file
 * is not given the link's token.
 */
export default async function InviteLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ token: string }>;
}) {
  const { token } = await params;
  const invitation = await invitationOf(token);
  const t = await getTranslations('auth.invite');
  const problem = !invitation
    ? t('invalid')
    : invitationState(invitation) === 'expired'
      ? t('expired', { at: formatShanghai(invitation.expiresAt) })
      : null;
  if (!problem) return children;
  return (
    <>
      <section className="mx-auto flex max-w-md flex-col gap-3 rounded-lg bg-white p-6 shadow-sm">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p role="alert" className="text-amber-900">
          {problem}
        </p>
      </section>
      {children}
    </>
  );
}
