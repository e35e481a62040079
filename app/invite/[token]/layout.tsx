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
  const problem = !invitation
    ? '邀请链接无效，请核对链接或联系旅行社负责人。'
    : invitationState(invitation) === 'expired'
      ? `邀请链接已于 ${formatShanghai(invitation.expiresAt)} 过期，请联系旅行社负责人重新邀请。`
      : null;
  if (!problem) return children;
  return (
    <>
      <section className="mx-auto flex max-w-md flex-col gap-3 rounded-lg bg-white p-6 shadow-sm">
        <h1 className="text-2xl font-semibold">加入旅行社</h1>
        <p role="alert" className="text-amber-900">
          {problem}
        </p>
      </section>
      {children}
    </>
  );
}
