'use client';

import { useTranslations } from 'next-intl';
import { FormField, StateForm } from '@/components/ui/form';
import { useTx } from '@/lib/i18n/client';
import { savePreferencesAction } from '@/lib/notify/actions';
import { CHANNEL_LABELS, CHANNELS, KINDS, KIND_NAMES, type Channel, type NotifyKind } from '@/lib/notify/kinds';

/** Which event goes to which channel (a table of checkboxes), and quiet hours. */
export function PreferencesForm({
  off,
  quietStart,
  quietEnd,
}: {
  off: { kind: NotifyKind; channel: Channel }[];
  quietStart: string | null;
  quietEnd: string | null;
}) {
  const t = useTranslations('notify.prefs');
  const tx = useTx();
  const isOff = (k: NotifyKind, c: Channel) => off.some((o) => o.kind === k && o.channel === c);
  return (
    <StateForm
      action={savePreferencesAction}
      label={t('label')}
      submitLabel={t('submit')}
      className="flex flex-col gap-4"
      done={() => t('saved')}
    >
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm">
          <caption className="sr-only">{t('caption')}</caption>
          <thead>
            <tr className="text-left">
              <th scope="col" className="py-2 pr-4">
                {t('kind')}
              </th>
              {CHANNELS.map((c) => (
                <th key={c} scope="col" className="px-2 py-2">
                  {tx(CHANNEL_LABELS[c])}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {KIND_NAMES.map((k) => (
              <tr key={k}>
                <th scope="row" className="py-2 pr-4 text-left font-normal">
                  {tx(KINDS[k].label)}
                </th>
                {CHANNELS.map((c) => (
                  <td key={c} className="px-2 py-2">
                    <input
                      type="checkbox"
                      name={`${k}.${c}`}
                      defaultChecked={!isOff(k, c)}
                      aria-label={t('checkbox', { kind: tx(KINDS[k].label), channel: tx(CHANNEL_LABELS[c]) })}
                      className="h-4 w-4"
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-sm text-slate-700">{t('note')}</p>
      <div className="flex flex-wrap gap-3">
        <FormField name="quietStart" label={t('quietStart')} type="time" defaultValue={quietStart ?? ''} />
        <FormField name="quietEnd" label={t('quietEnd')} type="time" defaultValue={quietEnd ?? ''} />
      </div>
    </StateForm>
  );
}
