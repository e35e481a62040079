import { Table } from '@/components/ui/table';
import type { StationSyncStatus } from '@/lib/stations/sync';
import { formatShanghai } from '@/lib/time';

/**
 * The admin providers page's section on the providers' station lists (issue 26 item 11): how many
 * stations are kept per provider, and the last sync's time, counts or error.
 */
export function StationSyncs({ rows }: { rows: StationSyncStatus[] }) {
  return (
    <section aria-labelledby="station-syncs-heading" className="flex flex-col gap-2">
      <h2 id="station-syncs-heading" className="text-lg font-semibold">
        车站列表同步
      </h2>
      <p className="text-sm text-slate-600">
        供应商的全国车站列表每天同步一次（工作进程启动时也同步一次），保存在本地；查询与下单优先使用它，
        列表缺失时使用内置车站表。同步失败时保留上一次的列表。
      </p>
      <Table
        caption="各供应商的车站列表"
        minWidth="min-w-[720px]"
        rows={rows}
        rowKey={(r) => r.provider}
        rowTestId={(r) => `station-sync-${r.provider}`}
        empty="没有提供车站列表接口的供应商。"
        columns={[
          {
            head: '供应商',
            cell: (r) => (
              <>
                <span className="font-medium">{r.label}</span> <span className="text-slate-500">({r.provider})</span>
              </>
            ),
          },
          { head: '本地车站数', cell: (r) => (r.kept ? `${r.kept} 个` : '无（使用内置车站表）') },
          {
            head: '最近一次同步',
            testId: 'station-sync-last',
            cell: (r) =>
              !r.last ? (
                <span className="text-slate-500">尚未同步</span>
              ) : r.last.ok ? (
                <>
                  <span className="text-green-700">成功</span> · {formatShanghai(r.last.at)}
                  <div className="text-xs text-slate-500">
                    {r.last.stations} 个车站，新增 {r.last.added}，删除 {r.last.removed}
                  </div>
                </>
              ) : (
                <>
                  <span className="font-medium text-red-700">失败</span> · {formatShanghai(r.last.at)}
                  <div className="text-xs text-slate-700">{r.last.error}</div>
                  <div className="text-xs text-slate-500">
                    {r.lastOkAt ? `上次成功：${formatShanghai(r.lastOkAt)}` : '从未成功（使用内置车站表）'}
                  </div>
                </>
              ),
          },
        ]}
      />
    </section>
  );
}
