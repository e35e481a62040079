import { getTranslations } from 'next-intl/server';
import { Table } from '@/components/ui/table';
import type { StationSyncStatus } from '@/lib/stations/sync';
import { getTx } from '@/lib/i18n/server';
import { formatShanghai } from '@/lib/time';

/**
 * The admin providers page's section on the providers' station lists (issue 26 item 11): how many
 * stations are kept per provider, and the last sync's time, counts or error.
 */
export async function StationSyncs({ rows }: { rows: StationSyncStatus[] }) {
  const [t, tx] = await Promise.all([getTranslations('admin.stationSyncs'), getTx()]);
  return (
    <section aria-labelledby="station-syncs-heading" className="flex flex-col gap-2">
      <h2 id="station-syncs-heading" className="text-lg font-semibold">
        {t('heading')}
      </h2>
      <p className="text-sm text-slate-600">{t('intro')}</p>
      <Table
        caption={t('caption')}
        minWidth="min-w-[720px]"
        rows={rows}
        rowKey={(r) => r.provider}
        rowTestId={(r) => `station-sync-${r.provider}`}
        empty={t('empty')}
        columns={[
          {
            head: t('colProvider'),
            cell: (r) => (
              <>
                <span className="font-medium">{tx(r.label)}</span>{' '}
                <span className="text-slate-500">({r.provider})</span>
              </>
            ),
          },
          { head: t('colKept'), cell: (r) => (r.kept ? t('kept', { count: r.kept }) : t('builtIn')) },
          {
            head: t('colLast'),
            testId: 'station-sync-last',
            cell: (r) =>
              !r.last ? (
                <span className="text-slate-500">{t('never')}</span>
              ) : r.last.ok ? (
                <>
                  <span className="text-green-700">{t('ok')}</span> · {formatShanghai(r.last.at)}
                  <div className="text-xs text-slate-500">
                    {t('counts', {
                      stations: String(r.last.stations),
                      added: String(r.last.added),
                      removed: String(r.last.removed),
                    })}
                  </div>
                </>
              ) : (
                <>
                  <span className="font-medium text-red-700">{t('failed')}</span> · {formatShanghai(r.last.at)}
                  <div className="text-xs text-slate-700">{r.last.error && tx(r.last.error)}</div>
                  <div className="text-xs text-slate-500">
                    {r.lastOkAt ? t('lastOk', { at: formatShanghai(r.lastOkAt) }) : t('neverOk')}
                  </div>
                </>
              ),
          },
        ]}
      />
    </section>
  );
}
