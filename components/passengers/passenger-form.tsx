'use client';

import { useState } from 'react';
import { FormField, FormSelect, StateForm, type FormServerAction } from '@/components/ui/form';
import {
  COUNTRY_TYPES,
  DOCUMENT_DETAIL_TYPES,
  ID_TYPES,
  SELF_DESCRIBING_TYPES,
  TICKET_TYPES,
} from '@/lib/domain/passenger';
import type { PassengerEdit } from '@/lib/passengers/service';

export type PassengerFormValues = Omit<PassengerEdit, 'id' | 'idComplete' | 'isSelf' | 'source' | 'ticketType'> & {
  ticketType: string;
};

const SEX = [
  { value: '', label: '请选择' },
  { value: '1', label: '男' },
  { value: '2', label: '女' },
];

/**
 * The one passenger form (manager add/edit, the booking and 抢票 forms' add, an agency customer's
 * add): a StateForm over the given form action, so a refused submit keeps everything typed and the
 * server's field errors show beside their fields. The server validates with the same schema
 * (lib/domain/passenger.ts). Which fields show follows the chosen ID and ticket type.
 */
export function PassengerForm<T>(props: {
  action: FormServerAction<T>;
  /** Sent along (the passenger's id when editing, the agency customer's id). */
  hidden?: Record<string, string>;
  onDone: (data: T) => void;
  initial?: Partial<PassengerFormValues>;
  submitLabel: string;
  onCancel?: () => void;
  /** The 12306 account holder's own record: only the ticket type may change. */
  selfOnly?: boolean;
  idPrefix?: string;
  label: string;
}) {
  const initial = props.initial ?? {};
  const [idType, setIdType] = useState(initial.idType ?? '1');
  const [ticketType, setTicketType] = useState(initial.ticketType ?? '1');
  const p = props.idPrefix ?? 'pf';
  const locked = !!props.selfOnly;
  const details = DOCUMENT_DETAIL_TYPES.includes(idType) && !locked;
  const country = COUNTRY_TYPES.includes(idType) && !locked;
  const student = ticketType === '3' && !locked;
  // What is not shown is posted as it was (an edit never clears a field the form does not show).
  const unshown = [
    ...(details ? [] : (['birthday', 'sex', 'cardValidUntil'] as const)),
    ...(country ? [] : (['countryCode'] as const)),
    ...(student ? [] : (['school', 'studentNo', 'enrolYear'] as const)),
  ];
  const text = (
    name: keyof PassengerFormValues,
    label: string,
    more: Partial<Parameters<typeof FormField>[0]> = {},
  ) => <FormField id={`${p}-${name}`} name={name} label={label} defaultValue={initial[name] ?? ''} {...more} />;

  return (
    <StateForm
      action={props.action}
      label={props.label}
      submitLabel={props.submitLabel}
      pendingLabel="保存中…"
      className="grid grid-cols-1 gap-3 sm:grid-cols-2"
      onDone={props.onDone}
      footer={
        props.onCancel && (
          <button type="button" onClick={props.onCancel} className="rounded border border-slate-300 px-4 py-2">
            取消
          </button>
        )
      }
    >
      {Object.entries(props.hidden ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {unshown.map((k) => (
        <input key={k} type="hidden" name={k} value={initial[k] ?? ''} />
      ))}
      {text('name', '姓名', { required: true, readOnly: locked })}
      {/* A disabled select is not posted: the locked ID type goes as a hidden field. */}
      {locked && <input type="hidden" name="idType" value={idType} />}
      <FormSelect
        id={`${p}-idType`}
        name={locked ? 'idTypeShown' : 'idType'}
        label="证件类型"
        options={ID_TYPES}
        defaultValue={idType}
        disabled={locked}
        onChange={(e) => setIdType(e.target.value)}
      />
      {text('idNo', '证件号码', {
        required: true,
        autoComplete: 'off',
        readOnly: locked,
        hint: SELF_DESCRIBING_TYPES.includes(idType) ? '出生日期和性别由证件号码得出。' : undefined,
      })}
      <FormSelect
        id={`${p}-ticketType`}
        name="ticketType"
        label="旅客类型"
        options={TICKET_TYPES}
        defaultValue={ticketType}
        onChange={(e) => setTicketType(e.target.value)}
      />
      {text('mobile', '手机号', { inputMode: 'numeric', autoComplete: 'off', readOnly: locked })}
      {details && (
        <>
          {text('birthday', '出生日期', { type: 'date' })}
          <FormSelect id={`${p}-sex`} name="sex" label="性别" options={SEX} defaultValue={initial.sex ?? ''} />
          {text('cardValidUntil', '证件有效期至', { type: 'date' })}
        </>
      )}
      {country && text('countryCode', '国籍（国家或地区代码）', { hint: '如 US、GB、JP' })}
      {student && (
        <>
          {text('school', '学校名称')}
          {text('studentNo', '学号')}
          {text('enrolYear', '入学年份', { inputMode: 'numeric' })}
        </>
      )}
    </StateForm>
  );
}
