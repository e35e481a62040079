'use client';

import { useTranslations } from 'next-intl';
import { FormField, StateForm } from '@/components/ui/form';
import { lowBalanceAction } from '@/lib/agency/actions';
import { formatFen } from '@/lib/format';

/** The owner's low-balance threshold: below it a debit sends them one notice (empty: none). */
export function LowBalanceForm({ thresholdFen }: { thresholdFen: number | null }) {
  const t = useTranslations('agency.lowBalance');
  return (
    <StateForm
      label={t('label')}
      action={lowBalanceAction}
      submitLabel={t('submit')}
      done={({ thresholdFen: fen }) => <span>{fen === null ? t('off') : t('on', { amount: formatFen(fen) })}</span>}
    >
      <FormField
        name="thresholdYuan"
        label={t('field')}
        hint={t('hint')}
        type="number"
        min={0}
        step="0.01"
        defaultValue={thresholdFen === null ? '' : (thresholdFen / 100).toFixed(2)}
      />
    </StateForm>
  );
}
