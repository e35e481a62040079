import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { FilterInput } from '@/components/ui/filter-field';

const LINKS = [
  { href: '/admin/reconciliation', key: 'overview' },
  { href: '/admin/reconciliation/discrepancies', key: 'discrepancies' },
  { href: '/admin/callbacks', key: 'callbacks' },
  { href: '/admin', key: 'admin' },
] as const;

/** The reconciliation area's own navigation (the current page is marked for screen readers). */
export function ReconNav({ current }: { current: (typeof LINKS)[number]['href'] | null }) {
  const t = useTranslations('admin.reconNav');
  return (
    <nav aria-label={t('label')}>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {LINKS.map((l) => (
          <li key={l.href}>
            <Link
              href={l.href}
              aria-current={l.href === current ? 'page' : undefined}
              className="text-brand-700 underline aria-[current=page]:font-semibold aria-[current=page]:no-underline"
            >
              {t(l.key)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A reconciliation page's heading and the section's links. */
export function ReconHeader({ title, current }: { title: string; current: (typeof LINKS)[number]['href'] | null }) {
  return (
    <div className="flex flex-col gap-2">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <ReconNav current={current} />
    </div>
  );
}

/** A date range as a GET form: the state lives in the URL. */
export function RangeForm({
  label,
  from,
  to,
  errors,
  children,
}: {
  label: string;
  from: string;
  to: string;
  errors: Record<string, string[]>;
  children?: React.ReactNode;
}) {
  const t = useTranslations('admin.reconNav');
  return (
    <form
      method="get"
      aria-label={label}
      className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-3 text-sm shadow-sm"
    >
      {children}
      {(['from', 'to'] as const).map((k) => (
        <FilterInput
          key={k}
          id={`range-${k}`}
          name={k}
          type="date"
          label={t(k)}
          value={k === 'from' ? from : to}
          errors={errors[k]}
        />
      ))}
      <button type="submit" className="rounded bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700">
        {t('apply')}
      </button>
    </form>
  );
}
