'use client';

import { FormField, StateForm } from '@/components/ui/form';
import { lowBalanceAction } from '@/lib/agency/actions';
import { formatFen } from '@/lib/format';

/** The owner's low-balance threshold: below it a debit sends them one notice (empty: none). */
export function LowBalanceForm({ thresholdFen }: { thresholdFen: number | null }) {
  return (
    <StateForm
      label="余额提醒"
      action={lowBalanceAction}
      submitLabel="保存提醒额度"
      done={({ thresholdFen: t }) => (
        <span>{t === null ? '已关闭余额不足提醒。' : `余额低于 ${formatFen(t)} 时将通知您。`}</span>
      )}
    >
      <FormField
        name="thresholdYuan"
        label="余额低于（元）时提醒我"
        hint="留空则不提醒；每次余额跌破此额度时发送一次通知。"
        type="number"
        min={0}
        step="0.01"
        defaultValue={thresholdFen === null ? '' : (thresholdFen / 100).toFixed(2)}
      />
    </StateForm>
  );
}
