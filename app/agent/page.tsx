import Link from 'next/link';
import { NoAgency } from '@/components/agency/no-agency';
import { workspace } from '@/lib/agency/pages';
import { LOW_BALANCE_FEN, recentActivity } from '@/lib/agency/service';
import { formatFen } from '@/lib/format';
import { agencyBalance } from '@/lib/ledger';
import { formatShanghai } from '@/lib/time';

export const metadata = { title: '代理工作台' };

export default async function AgentHome() {
  const { m } = await workspace('/agent');
  if (!m) return <NoAgency />;
  const balance = await agencyBalance(m.agencyId);
  const activity = m.role === 'owner' ? await recentActivity(m, 20) : [];
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">代理工作台 · {m.agencyName}</h1>
      <div className="rounded-lg bg-white p-4 shadow-sm">
        <p>
          预存款余额 <strong data-testid="agency-balance">{formatFen(balance)}</strong>
        </p>
        {balance < LOW_BALANCE_FEN && (
          <p role="alert" className="mt-1 text-amber-900">
            余额不足 {formatFen(LOW_BALANCE_FEN)}，请尽快联系管理员充值，以免影响出票。
          </p>
        )}
      </div>
      <nav aria-label="工作台" className="flex flex-wrap gap-3">
        <Link className="rounded bg-white px-4 py-2 shadow-sm" href="/agent/customers">
          客户
        </Link>
        <Link className="rounded bg-white px-4 py-2 shadow-sm" href="/agent/orders">
          订单
        </Link>
        {m.role === 'owner' && (
          <>
            <Link className="rounded bg-white px-4 py-2 shadow-sm" href="/agent/staff">
              员工
            </Link>
            <Link className="rounded bg-white px-4 py-2 shadow-sm" href="/agent/statement">
              对账单
            </Link>
          </>
        )}
      </nav>
      {activity.length > 0 && (
        <section aria-labelledby="activity" className="rounded-lg bg-white p-4 shadow-sm">
          <h2 id="activity" className="mb-2 font-semibold">
            员工动态
          </h2>
          <ol className="text-sm">
            {activity.map((a, i) => (
              <li key={i}>
                {formatShanghai(a.at)} · {a.label}
              </li>
            ))}
          </ol>
        </section>
      )}
    </section>
  );
}
