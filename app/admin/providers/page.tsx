import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { StationSyncs } from '@/components/admin/station-syncs';
import { PageSection } from '@/components/layout/page-section';
import { FormField, StateForm } from '@/components/ui/form';
import { Table } from '@/components/ui/table';
import { setRotationAction } from '@/lib/admin/provider-actions';
import { providersHealth, type ProviderHealth, type WindowStats } from '@/lib/admin/providers';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { formatFen } from '@/lib/format';
import { stationSyncStatus } from '@/lib/stations/sync';
import { getTx } from '@/lib/i18n/server';
import { formatShanghai } from '@/lib/time';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin.providers');
  return { title: t('title') };
}
export const dynamic = 'force-dynamic';

const CIRCUIT_STATES = ['closed', 'open', 'half_open', 'isolated'] as const;
const isCircuitState = (v: string): v is (typeof CIRCUIT_STATES)[number] =>
  (CIRCUIT_STATES as readonly string[]).includes(v);
const CIRCUIT_TONE: Record<string, string> = {
  closed: 'text-green-700',
  open: 'text-red-700',
  half_open: 'text-amber-700',
  isolated: 'text-red-700',
};

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const ms = (v: number | null) => (v === null ? '—' : `${v} ms`);

async function Stats({ w }: { w: WindowStats }) {
  const t = await getTranslations('admin.providers');
  return (
    <>
      {t('stats', { calls: w.calls, rate: percent(w.errorRate) })}
      <div className="text-xs text-slate-500">
        {/* i18n-exempt: percentile names (p50, p99), the same in both languages */}
        p50 {ms(w.p50Ms)} · p99 {ms(w.p99Ms)}
      </div>
    </>
  );
}

async function Rotation({ p }: { p: ProviderHealth }) {
  const t = await getTranslations('admin.providers');
  return (
    <>
      <span className={p.inRotation ? 'text-green-700' : 'font-medium text-red-700'}>
        {p.inRotation ? t('inRotation') : t('removed')}
      </span>
      {p.note && <div className="text-xs text-slate-700">{t('note', { note: p.note })}</div>}
      {p.updatedAt && (
        <div className="text-xs text-slate-500">
          {p.updatedBy ?? '—'} · {formatShanghai(p.updatedAt)}
        </div>
      )}
    </>
  );
}

async function Circuits({ p }: { p: ProviderHealth }) {
  const t = await getTranslations('admin.providers');
  if (!p.circuits.length) return <span className="text-slate-500">{t('noCircuits')}</span>;
  return (
    <ul className="flex flex-col gap-0.5 text-xs">
      {p.circuits.map((c) => (
        <li key={c.process}>
          <span className={CIRCUIT_TONE[c.state] ?? ''}>
            {isCircuitState(c.state) ? t(`circuit.${c.state}`) : c.state}
          </span>{' '}
          {c.process} · {formatShanghai(c.changedAt)}
        </li>
      ))}
    </ul>
  );
}

async function RotationForm({ p }: { p: ProviderHealth }) {
  const [t, tx] = await Promise.all([getTranslations('admin.providers'), getTx()]);
  const takeOut = p.inRotation;
  const action = takeOut ? t('takeOut') : t('restore');
  return (
    <StateForm
      create
      label={t('formLabel', { provider: tx(p.label), action })}
      action={setRotationAction}
      submitLabel={action}
      className="flex flex-col gap-2"
    >
      <input type="hidden" name="provider" value={p.id} />
      <input type="hidden" name="inRotation" value={takeOut ? 'false' : 'true'} />
      <FormField
        id={`note-${p.id}`}
        name="note"
        label={takeOut ? t('takeOutReason') : t('noteOptional')}
        required={takeOut}
        maxLength={200}
      />
    </StateForm>
  );
}

/** The providers: rotation, health from the call samples, circuits per process, balance. */
export default async function ProvidersPage() {
  await requirePageRole(AREA_ROLES.admin, '/admin/providers');
  const [t, ta, tx] = await Promise.all([getTranslations('admin.providers'), getTranslations('admin'), getTx()]);
  const rows = await providersHealth();
  const stationSyncs = await stationSyncStatus();
  return (
    <PageSection title={t('title')} back={{ href: '/admin', label: ta('backToAdmin') }}>
      <p className="text-sm text-slate-600">{t('intro')}</p>
      <Table
        caption={t('caption')}
        minWidth="min-w-[1040px]"
        rows={rows}
        rowKey={(p) => p.id}
        rowTestId={(p) => `provider-row-${p.id}`}
        empty={t('empty')}
        top
        columns={[
          {
            head: t('colProvider'),
            cell: (p) => (
              <>
                <span className="font-medium">{tx(p.label)}</span> <span className="text-slate-500">({p.id})</span>
              </>
            ),
          },
          { head: t('colRotation'), cell: (p) => <Rotation p={p} />, testId: 'provider-rotation' },
          { head: t('colHour'), cell: (p) => <Stats w={p.hour} />, className: 'whitespace-nowrap' },
          { head: t('colDay'), cell: (p) => <Stats w={p.day} />, className: 'whitespace-nowrap' },
          { head: t('colCircuits'), cell: (p) => <Circuits p={p} />, testId: 'provider-circuits' },
          {
            head: t('colBalance'),
            cell: (p) =>
              'fen' in p.balance ? (
                formatFen(p.balance.fen)
              ) : (
                <>
                  —<div className="text-xs text-slate-500">{tx(p.balance.unavailable)}</div>
                </>
              ),
            testId: 'provider-balance',
          },
          { head: t('colAction'), cell: (p) => <RotationForm p={p} /> },
        ]}
      />
      <StationSyncs rows={stationSyncs} />
    </PageSection>
  );
}
