'use client';

import { useState } from 'react';
import { Field, buttonPrimary } from '@/components/ui/field';
import {
  COUNTRY_TYPES,
  DOCUMENT_DETAIL_TYPES,
  ID_TYPES,
  SELF_DESCRIBING_TYPES,
  TICKET_TYPES,
} from '@/lib/domain/passenger';

export interface PassengerFormValues {
  name: string;
  idType: string;
  idNo: string;
  ticketType: string;
  mobile: string;
  birthday: string;
  sex: string;
  countryCode: string;
  cardValidUntil: string;
  school: string;
  studentNo: string;
  enrolYear: string;
}

export const EMPTY_PASSENGER: PassengerFormValues = {
  name: '',
  idType: '1',
  idNo: '',
  ticketType: '1',
  mobile: '',
  birthday: '',
  sex: '',
  countryCode: '',
  cardValidUntil: '',
  school: '',
  studentNo: '',
  enrolYear: '',
};

export type SubmitResult = { ok: true } | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

/**
 * The one passenger form (manager add/edit, booking form's add). Controlled: a rejected submit keeps
 * everything typed; the server's field errors show beside their fields. The server validates with
 * the same schema (lib/domain/passenger.ts).
 */
export function PassengerForm(props: {
  initial?: Partial<PassengerFormValues>;
  submitLabel: string;
  onSubmit: (values: PassengerFormValues) => Promise<SubmitResult>;
  onCancel?: () => void;
  /** The 12306 account holder's own record: only the ticket type may change. */
  selfOnly?: boolean;
  idPrefix?: string;
  label: string;
}) {
  const [v, setV] = useState<PassengerFormValues>({ ...EMPTY_PASSENGER, ...props.initial });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const p = props.idPrefix ?? 'pf';
  const set = (k: keyof PassengerFormValues) => (e: { target: { value: string } }) =>
    setV((cur) => ({ ...cur, [k]: e.target.value }));
  const needsDetails = DOCUMENT_DETAIL_TYPES.includes(v.idType);
  const locked = !!props.selfOnly;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    try {
      const r = await props.onSubmit(v);
      if (r.ok) {
        setErrors({});
        setMessage(null);
      } else {
        setErrors(r.fieldErrors ?? {});
        setMessage(r.message);
      }
    } finally {
      setPending(false);
    }
  }

  const select = (
    name: keyof PassengerFormValues,
    label: string,
    options: readonly { value: string | number; label: string }[],
    disabled = false,
  ) => (
    <div className="flex flex-col gap-1">
      <label htmlFor={`${p}-${name}`} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <select
        id={`${p}-${name}`}
        name={name}
        value={v[name]}
        onChange={set(name)}
        disabled={disabled}
        aria-invalid={errors[name]?.length ? true : undefined}
        aria-describedby={errors[name]?.length ? `${p}-${name}-error` : undefined}
        className="rounded border border-slate-300 bg-white px-3 py-2"
      >
        {options.map((o) => (
          <option key={o.value} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
      {errors[name]?.length ? (
        <p id={`${p}-${name}-error`} className="text-sm text-red-700">
          {errors[name].join(' ')}
        </p>
      ) : null}
    </div>
  );

  return (
    <form onSubmit={submit} noValidate aria-label={props.label} className="grid grid-cols-1 gap-3 sm:grid-cols-2">
      <Field
        id={`${p}-name`}
        name="name"
        label="姓名"
        required
        value={v.name}
        onChange={set('name')}
        errors={errors.name}
        readOnly={locked}
      />
      {select('idType', '证件类型', ID_TYPES, locked)}
      <Field
        id={`${p}-idNo`}
        name="idNo"
        label="证件号码"
        required
        autoComplete="off"
        value={v.idNo}
        onChange={set('idNo')}
        errors={errors.idNo}
        readOnly={locked}
        hint={SELF_DESCRIBING_TYPES.includes(v.idType) ? '出生日期和性别由证件号码得出。' : undefined}
      />
      {select('ticketType', '旅客类型', TICKET_TYPES)}
      <Field
        id={`${p}-mobile`}
        name="mobile"
        label="手机号"
        inputMode="numeric"
        autoComplete="off"
        value={v.mobile}
        onChange={set('mobile')}
        errors={errors.mobile}
        readOnly={locked}
      />
      {needsDetails && !locked && (
        <>
          <Field
            id={`${p}-birthday`}
            name="birthday"
            label="出生日期"
            type="date"
            value={v.birthday}
            onChange={set('birthday')}
            errors={errors.birthday}
          />
          {select('sex', '性别', [
            { value: '', label: '请选择' },
            { value: '1', label: '男' },
            { value: '2', label: '女' },
          ])}
          <Field
            id={`${p}-cardValidUntil`}
            name="cardValidUntil"
            label="证件有效期至"
            type="date"
            value={v.cardValidUntil}
            onChange={set('cardValidUntil')}
            errors={errors.cardValidUntil}
          />
        </>
      )}
      {COUNTRY_TYPES.includes(v.idType) && !locked && (
        <Field
          id={`${p}-countryCode`}
          name="countryCode"
          label="国籍（国家或地区代码）"
          hint="如 US、GB、JP"
          value={v.countryCode}
          onChange={set('countryCode')}
          errors={errors.countryCode}
        />
      )}
      {v.ticketType === '3' && !locked && (
        <>
          <Field
            id={`${p}-school`}
            name="school"
            label="学校名称"
            value={v.school}
            onChange={set('school')}
            errors={errors.school}
          />
          <Field
            id={`${p}-studentNo`}
            name="studentNo"
            label="学号"
            value={v.studentNo}
            onChange={set('studentNo')}
            errors={errors.studentNo}
          />
          <Field
            id={`${p}-enrolYear`}
            name="enrolYear"
            label="入学年份"
            inputMode="numeric"
            value={v.enrolYear}
            onChange={set('enrolYear')}
            errors={errors.enrolYear}
          />
        </>
      )}
      <div role="alert" className="text-sm text-red-700 sm:col-span-2">
        {message && (errors._form?.join(' ') ?? message)}
      </div>
      <div className="flex gap-2 sm:col-span-2">
        <button type="submit" className={buttonPrimary} disabled={pending}>
          {pending ? '保存中…' : props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel} className="rounded border border-slate-300 px-4 py-2">
            取消
          </button>
        )}
      </div>
    </form>
  );
}
