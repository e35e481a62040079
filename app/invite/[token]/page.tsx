import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AcceptInvitation } from '@/components/agency/accept-invitation';
import { JoinWithAccount } from '@/components/agency/join-with-account';
import { invitationState } from '@/lib/agency/service';
import { currentUser } from '@/lib/auth/guard';
import { invitationOf } from './invitation';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.invite');
  return { title: t('title') };
}

/**
 * An invitation link: a visitor without an account registers here and joins in one step; a signed-in
 * user accepts with their account. An unknown, used or expired link says which, and what to do; an
 * unknown or expired one answers 404 (its page, with the reason, comes from ./layout.tsx).
 */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await invitationOf(token);
  const state = invitation ? invitationState(invitation) : null;
  if (!invitation || state === 'expired') notFound();
  const user = await currentUser();
  const t = await getTranslations('auth.invite');
  const problem = state === 'used' ? t('used') : null;
  return (
    <section className="mx-auto flex max-w-md flex-col gap-3 rounded-lg bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      {invitation && user && invitation.acceptedBy === user.id ? (
        <p role="status" className="text-green-800">
          {t('joined', { agency: invitation.agencyName })}
          <Link className="ml-1 text-brand-700 underline" href="/agent">
            {t('toAgent')}
          </Link>
        </p>
      ) : problem || !invitation ? (
        <p role="alert" className="text-amber-900">
          {problem}
        </p>
      ) : !user ? (
        <>
          <p>{t('invitedNew', { agency: invitation.agencyName, email: invitation.email })}</p>
          <JoinWithAccount token={token} email={invitation.email} />
          <p className="text-sm text-slate-600">
            {t.rich('haveAccount', {
              link: (c) => (
                <Link
                  className="text-brand-700 underline"
                  href={`/signin?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}
                >
                  {c}
                </Link>
              ),
            })}
          </p>
        </>
      ) : (
        <>
          <p>{t('invited', { agency: invitation.agencyName, email: invitation.email })}</p>
          <AcceptInvitation token={token} />
        </>
      )}
    </section>
  );
}
