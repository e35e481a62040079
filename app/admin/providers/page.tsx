import { StationSyncs } from '@/components/admin/station-syncs';
import { PageSection } from '@/components/layout/page-section';
import { FormField, StateForm } from '@/components/ui/form';
import { Table } from '@/components/ui/table';
import { setRotationAction } from '@/lib/admin/provider-actions';
import { providersHealth, type ProviderHealth, type WindowStats } from '@/lib/admin/providers';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { formatFen } from '@/lib/format';
import { stationSyncStatus } from '@/lib/stations/sync';
import { formatShanghai } from '@/lib/time';

export const metadata = { title: '供应商与轮换' };
export const dynamic = 'force-dynamic';

const CIRCUIT_LABEL: Record<string, string> = {
  closed: '正常',
  open: '熔断中',
  half_open: '试探中',
  isolated: '已隔离',
};
const CIRCUIT_TONE: Record<string, string> = {
  closed: 'text-green-700',
  open: 'text-red-700',
  half_open: 'text-amber-700',
  isolated: 'text-red-700',
};

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const ms = (v: number | null) => (v === null ? '—' : `${v} ms`);

function Stats({ w }: { w: WindowStats }) {
  return (
    <>
      {w.calls} 次 · 错误率 {percent(w.errorRate)}
      <div className="text-xs text-slate-500">
        p50 {ms(w.p50Ms)} · p99 {ms(w.p99Ms)}
      </div>
    </>
  );
}

function Rotation({ p }: { p: ProviderHealth }) {
  return (
    <>
      <span className={p.inRotation ? 'text-green-700' : 'font-medium text-red-700'}>
        {p.inRotation ? '轮换中' : '已移出'}
      </span>
      {p.note && <div className="text-xs text-slate-700">说明：{p.note}</div>}
      {p.updatedAt && (
        <div className="text-xs text-slate-500">
          {p.updatedBy ?? '—'} · {formatShanghai(p.updatedAt)}
        </div>
      )}
    </>
  );
}

function Circuits({ p }: { p: ProviderHealth }) {
  if (!p.circuits.length) return <span className="text-slate-500">无记录（各进程均未熔断过）</span>;
  return (
    <ul className="flex flex-col gap-0.5 text-xs">
      {p.circuits.map((c) => (
        <li key={c.process}>
          <span className={CIRCUIT_TONE[c.state] ?? ''}>{CIRCUIT_LABEL[c.state] ?? c.state}</span> {c.process} ·{' '}
          {formatShanghai(c.changedAt)}
        </li>
      ))}
    </ul>
  );
}

function RotationForm({ p }: { p: ProviderHealth }) {
  const takeOut = p.inRotation;
  return (
    <StateForm
      create
      label={`${p.label} ${takeOut ? '移出轮换' : '恢复轮换'}`}
      action={setRotationAction}
      submitLabel={takeOut ? '移出轮换' : '恢复轮换'}
      className="flex flex-col gap-2"
    >
      <input type="hidden" name="provider" value={p.id} />
      <input type="hidden" name="inRotation" value={takeOut ? 'false' : 'true'} />
      <FormField
        id={`note-${p.id}`}
        name="note"
        label={takeOut ? '移出原因' : '说明（可选）'}
        required={takeOut}
        maxLength={200}
      />
    </StateForm>
  );
}

/** The providers: rotation, health from the call samples, circuits per process, balance. */
export default async function ProvidersPage() {
  await requirePageRole(AREA_ROLES.admin, '/admin/providers');
  const rows = await providersHealth();
  const stationSyncs = await stationSyncStatus();
  return (
    <PageSection title="供应商与轮换" back={{ href: '/admin', label: '返回管理后台' }}>
      <p className="text-sm text-slate-600">
        余票查询按 PROVIDERS 的顺序交给第一个在轮换中、且未熔断的供应商，超时或出错时自动切换到下一个；
        已下的订单始终留在原供应商。移出轮换后新的查询和订单不再使用它（至少保留一个在轮换中）。
      </p>
      <Table
        caption="供应商"
        minWidth="min-w-[1040px]"
        rows={rows}
        rowKey={(p) => p.id}
        rowTestId={(p) => `provider-row-${p.id}`}
        empty="没有配置供应商。"
        top
        columns={[
          {
            head: '供应商',
            cell: (p) => (
              <>
                <span className="font-medium">{p.label}</span> <span className="text-slate-500">({p.id})</span>
              </>
            ),
          },
          { head: '轮换', cell: (p) => <Rotation p={p} />, testId: 'provider-rotation' },
          { head: '近 1 小时', cell: (p) => <Stats w={p.hour} />, className: 'whitespace-nowrap' },
          { head: '近 24 小时', cell: (p) => <Stats w={p.day} />, className: 'whitespace-nowrap' },
          { head: '熔断（各进程，最差在前）', cell: (p) => <Circuits p={p} />, testId: 'provider-circuits' },
          {
            head: '预存款余额',
            cell: (p) =>
              'fen' in p.balance ? (
                formatFen(p.balance.fen)
              ) : (
                <>
                  —<div className="text-xs text-slate-500">{p.balance.unavailable}</div>
                </>
              ),
            testId: 'provider-balance',
          },
          { head: '操作', cell: (p) => <RotationForm p={p} /> },
        ]}
      />
      <StationSyncs rows={stationSyncs} />
    </PageSection>
  );
}
