import Link from 'next/link';
import { AcceptInvitation } from '@/components/agency/accept-invitation';
import { openInvitation } from '@/lib/agency/service';
import { currentUser } from '@/lib/auth/guard';

export const metadata = { title: '加入旅行社' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = /^[A-Za-z0-9_-]{16,64}$/.test(token) ? await openInvitation(token) : null;
  const user = await currentUser();
  return (
    <section className="mx-auto flex max-w-md flex-col gap-3 rounded-lg bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">加入旅行社</h1>
      {!invitation ? (
        <p role="alert" className="text-amber-900">
          邀请链接无效、已使用或已过期，请联系旅行社负责人重新邀请。
        </p>
      ) : !user ? (
        <p>
          {invitation.agencyName} 邀请您（{invitation.email}）成为员工。请先
          <Link
            className="text-brand-700 underline"
            href={`/signin?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}
          >
            登录
          </Link>
          或
          <Link className="text-brand-700 underline" href="/signup">
            注册
          </Link>
          该邮箱的账号，再回到本页接受邀请。
        </p>
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
