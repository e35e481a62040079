'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState, useSyncExternalStore } from 'react';
import { FormField, FormSelect, StateForm, type FormServerAction } from '@/components/ui/form';
import {
  COUNTRY_TYPES,
  DOCUMENT_DETAIL_TYPES,
  ID_TYPES,
  passengerFormSchema,
  SELF_DESCRIBING_TYPES,
  TICKET_TYPES,
} from '@/lib/domain/passenger';
import type { PassengerEdit } from '@/lib/passengers/service';
import { useTx } from '@/lib/i18n/client';
import { countryOptions } from './countries';
import { quotedRule } from './provider-rules';
import { checkFirst } from './check-first';

const noSubscription = () => () => {};

export type PassengerFormValues = Omit<PassengerEdit, 'id' | 'idComplete' | 'isSelf' | 'source' | 'ticketType'> & {
  ticketType: string;
};

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
  const t = useTranslations('passengers.form');
  const tx = useTx();
  const english = useLocale() === 'en';
  const initial = props.initial ?? {};
  // Hydrated, the English form checks in the browser first; before hydration it posts to the server as is.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const action =
    english && hydrated ? checkFirst(passengerFormSchema, props.action, tx, t('checkFields')) : props.action;
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
  const passport = idType === '2';
  // English only: the provider's rule for the field, quoted in Chinese with the English beside it.
  const rule = (key: 'birthday' | 'sex' | 'countryCode' | 'cardValidUntil') =>
    english ? quotedRule(key, t(`rules.${key}`)) : undefined;
  const sexOptions = [
    { value: '', label: t('sexChoose') },
    { value: '1', label: t('sexMale') },
    { value: '2', label: t('sexFemale') },
  ];
  const text = (
    name: keyof PassengerFormValues,
    label: string,
    more: Partial<Parameters<typeof FormField>[0]> = {},
  ) => <FormField id={`${p}-${name}`} name={name} label={label} defaultValue={initial[name] ?? ''} {...more} />;

  return (
    <StateForm
      action={action}
      label={props.label}
      submitLabel={props.submitLabel}
      pendingLabel={t('saving')}
      className="grid grid-cols-1 gap-3 sm:grid-cols-2"
      onDone={props.onDone}
      footer={
        props.onCancel && (
          <button type="button" onClick={props.onCancel} className="rounded border border-slate-300 px-4 py-2">
            {t('cancel')}
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
      {text('name', english && passport ? t('namePassport') : t('name'), {
        required: true,
        readOnly: locked,
        hint: english ? (passport ? quotedRule('name', t('nameRulePassport')) : t('nameRule')) : undefined,
      })}
      {/* A disabled select is not posted: the locked ID type goes as a hidden field. */}
      {locked && <input type="hidden" name="idType" value={idType} />}
      <FormSelect
        id={`${p}-idType`}
        name={locked ? 'idTypeShown' : 'idType'}
        label={t('idType')}
        options={ID_TYPES.map((o) => ({ value: o.value, label: tx(o.label) }))}
        defaultValue={idType}
        disabled={locked}
        onChange={(e) => setIdType(e.target.value)}
      />
      {text('idNo', english && passport ? t('idNoPassport') : t('idNo'), {
        required: true,
        autoComplete: 'off',
        readOnly: locked,
        hint: SELF_DESCRIBING_TYPES.includes(idType)
          ? t('idNoDerived')
          : english && passport
            ? t('idNoPassportHint')
            : undefined,
      })}
      <FormSelect
        id={`${p}-ticketType`}
        name="ticketType"
        label={t('ticketType')}
        options={TICKET_TYPES.map((o) => ({ value: o.value, label: tx(o.label) }))}
        defaultValue={ticketType}
        onChange={(e) => setTicketType(e.target.value)}
      />
      {text('mobile', t('mobile'), { inputMode: 'numeric', autoComplete: 'off', readOnly: locked })}
      {details && (
        <>
          {text('birthday', t('birthday'), { type: 'date', required: english, hint: rule('birthday') })}
          <FormSelect
            id={`${p}-sex`}
            name="sex"
            label={t('sex')}
            options={sexOptions}
            defaultValue={initial.sex ?? ''}
            required={english}
            hint={rule('sex')}
          />
          {text('cardValidUntil', english && passport ? t('cardValidUntilPassport') : t('cardValidUntil'), {
            type: 'date',
            required: english,
            hint: rule('cardValidUntil'),
          })}
        </>
      )}
      {country &&
        (english ? (
          <FormSelect
            id={`${p}-countryCode`}
            name="countryCode"
            label={t('nationality')}
            options={[{ value: '', label: t('sexChoose') }, ...countryOptions('en', initial.countryCode)]}
            defaultValue={initial.countryCode?.toUpperCase() ?? ''}
            required
            hint={rule('countryCode')}
          />
        ) : (
          text('countryCode', t('countryCode'), { hint: t('countryCodeHint') })
        ))}
      {student && (
        <>
          {text('school', t('school'))}
          {text('studentNo', t('studentNo'))}
          {text('enrolYear', t('enrolYear'), { inputMode: 'numeric' })}
        </>
      )}
    </StateForm>
  );
}
