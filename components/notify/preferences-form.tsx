'use client';

import { FormField, StateForm } from '@/components/ui/form';
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
  const isOff = (k: NotifyKind, c: Channel) => off.some((o) => o.kind === k && o.channel === c);
  return (
    <StateForm
      action={savePreferencesAction}
      label="通知设置"
      submitLabel="保存设置"
      className="flex flex-col gap-4"
      done={() => '已保存。'}
    >
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm">
          <caption className="sr-only">每类通知的发送方式</caption>
          <thead>
            <tr className="text-left">
              <th scope="col" className="py-2 pr-4">
                通知
              </th>
              {CHANNELS.map((c) => (
                <th key={c} scope="col" className="px-2 py-2">
                  {CHANNEL_LABELS[c]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {KIND_NAMES.map((k) => (
              <tr key={k}>
                <th scope="row" className="py-2 pr-4 text-left font-normal">
                  {KINDS[k].label}
                </th>
                {CHANNELS.map((c) => (
                  <td key={c} className="px-2 py-2">
                    <input
                      type="checkbox"
                      name={`${k}.${c}`}
                      defaultChecked={!isOff(k, c)}
                      aria-label={`${KINDS[k].label}：${CHANNEL_LABELS[c]}`}
                      className="h-4 w-4"
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-sm text-slate-700">
        账号安全邮件总会发送。免打扰时段内邮件和推送延后到时段结束，出发提醒照常发送。
      </p>
      <div className="flex flex-wrap gap-3">
        <FormField name="quietStart" label="免打扰开始（北京时间）" type="time" defaultValue={quietStart ?? ''} />
        <FormField name="quietEnd" label="免打扰结束" type="time" defaultValue={quietEnd ?? ''} />
      </div>
    </StateForm>
  );
}
