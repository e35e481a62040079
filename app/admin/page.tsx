import Link from 'next/link';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { formatShanghai } from '@/lib/time';
import { listUsersForAdmin } from '@/lib/users/admin';
import { UnlockButton } from './unlock-button';

export const metadata = { title: '管理后台' };

const ROLE_LABEL = { traveller: '旅客', agent: '代理', admin: '管理员' } as const;

export default async function AdminPage() {
  await requirePageRole(AREA_ROLES.admin, '/admin');
  const rows = await listUsersForAdmin();
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">管理后台</h1>
      <p className="text-slate-600">
        查看账号与解除登录锁定；
        <Link href="/admin/callbacks" className="text-brand-700 underline">
          供应商回调日志
        </Link>
        、
        <Link href="/admin/jobs" className="text-brand-700 underline">
          后台任务
        </Link>
        、
        <Link href="/admin/agencies" className="text-brand-700 underline">
          旅行社与预存款
        </Link>
        、
        <Link href="/admin/window-refunds" className="text-brand-700 underline">
          车站退票核实
        </Link>
        、
        <Link href="/admin/reconciliation" className="text-brand-700 underline">
          退款对账
        </Link>
        。
      </p>
      <div className="overflow-x-auto rounded-lg bg-white shadow-sm">
        <table className="w-full min-w-[560px] text-left text-sm">
          <caption className="sr-only">账号列表</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-3 py-2">
                称呼
              </th>
              <th scope="col" className="px-3 py-2">
                邮箱
              </th>
              <th scope="col" className="px-3 py-2">
                角色
              </th>
              <th scope="col" className="px-3 py-2">
                注册时间
              </th>
              <th scope="col" className="px-3 py-2">
                登录锁定
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => {
              return (
                <tr key={u.id} className="border-t border-slate-100">
                  <td className="px-3 py-2">{u.displayName}</td>
                  <td className="px-3 py-2">{u.email}</td>
                  <td className="px-3 py-2">{ROLE_LABEL[u.role]}</td>
                  <td className="px-3 py-2">{formatShanghai(u.createdAt)}</td>
                  <td className="px-3 py-2">
                    {u.locked && u.lockedUntil ? (
                      <UnlockButton userId={u.id} until={formatShanghai(u.lockedUntil)} />
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
