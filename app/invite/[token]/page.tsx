import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AcceptInvitation } from '@/components/agency/accept-invitation';
import { JoinWithAccount } from '@/components/agency/join-with-account';
import { invitationState } from '@/lib/agency/service';
import { currentUser } from '@/lib/auth/guard';
import { invitationOf } from './invitation';

export const metadata = { title: '加入旅行社' };

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
  const problem = state === 'used' ? '该邀请已被接受，不能再次使用。已加入的员工请直接登录。' : null;
  return (
    <section className="mx-auto flex max-w-md flex-col gap-3 rounded-lg bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">加入旅行社</h1>
      {invitation && user && invitation.acceptedBy === user.id ? (
        <p role="status" className="text-green-800">
          已加入旅行社 {invitation.agencyName}。
          <Link className="ml-1 text-brand-700 underline" href="/agent">
            进入代理工作台
          </Link>
        </p>
      ) : problem || !invitation ? (
        <p role="alert" className="text-amber-900">
          {problem}
        </p>
      ) : !user ? (
        <>
          <p>
            {invitation.agencyName} 邀请您（{invitation.email}
            ）成为员工。还没有账号？填写以下信息，注册后即加入该旅行社。
          </p>
          <JoinWithAccount token={token} email={invitation.email} />
          <p className="text-sm text-slate-600">
            已有该邮箱的账号？请先
            <Link
              className="text-brand-700 underline"
              href={`/signin?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}
            >
              登录
            </Link>
            ，再回到本页接受邀请。
          </p>
        </>
      ) : (
        <>
          <p>
            {invitation.agencyName} 邀请 {invitation.email} 成为员工。
          </p>
          <AcceptInvitation token={token} />
        </>
      )}
    </section>
  );
}
