import Link from 'next/link';
import { Table } from '@/components/ui/table';
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
        、
        <Link href="/admin/deliveries" className="text-brand-700 underline">
          送票管理
        </Link>
        、
        <Link href="/admin/providers" className="text-brand-700 underline">
          供应商与轮换
        </Link>
        、
        <Link href="/admin/system" className="text-brand-700 underline">
          系统状态
        </Link>
        。
      </p>
      <Table
        caption="账号列表"
        minWidth="min-w-[560px]"
        rows={rows}
        empty="暂无账号。"
        columns={[
          { head: '称呼', cell: (u) => u.displayName },
          { head: '邮箱', cell: (u) => u.email },
          { head: '角色', cell: (u) => ROLE_LABEL[u.role] },
          { head: '注册时间', cell: (u) => formatShanghai(u.createdAt) },
          {
            head: '登录锁定',
            cell: (u) =>
              u.locked && u.lockedUntil ? <UnlockButton userId={u.id} until={formatShanghai(u.lockedUntil)} /> : '—',
          },
        ]}
      />
    </section>
  );
}
