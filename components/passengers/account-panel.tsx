'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { FormField, FormSelect, StateForm, type FormServerAction } from '@/components/ui/form';
import { registrationFieldsFor } from '@/lib/domain/documents';
import { ID_TYPES } from '@/lib/domain/passenger';
import {
  bindAccountAction,
  changeCodeAction,
  changePasswordAction,
  faceAuthAction,
  forgotCodeAction,
  forgotResetAction,
  registerAccountAction,
  unbindAction,
  verifySmsAction,
} from '@/lib/train-account/actions';
import type { AccountView } from '@/lib/train-account/service';
import { Section } from '@/components/ui/section';
import { useTx } from '@/lib/i18n/client';
import { countryOptions } from './countries';
import { quotedRule } from './provider-rules';

function Alert({ children }: { children: React.ReactNode }) {
  return (
    <div role="alert" className="text-sm text-red-700">
      {children}
    </div>
  );
}

export function AccountPanel({ account }: { account: AccountView | null }) {
  const t = useTranslations('passengers.account');
  const tx = useTx();
  const router = useRouter();
  const [step, setStep] = useState<'login' | 'sms' | 'lastDigits'>(account?.status === 'pending_sms' ? 'sms' : 'login');
  const [hint, setHint] = useState<string | null>(account?.status === 'pending_sms' ? account.message : null);
  const bound = account?.status === 'bound';

  return (
    <div className="flex flex-col gap-4">
      <section className="rounded-lg bg-white p-4 shadow-sm" aria-labelledby="status-heading">
        <h2 id="status-heading" className="font-semibold">
          {t('statusHeading')}
        </h2>
        {account ? (
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="text-slate-600">{t('account')}</dt>
            <dd data-testid="bound-account">{account.account}</dd>
            <dt className="text-slate-600">{t('status')}</dt>
            <dd>{t(`statusLabel.${account.status}`)}</dd>
            {account.message && account.status === 'relogin' && (
              <>
                <dt className="text-slate-600">{t('reason')}</dt>
                <dd>{tx(account.message)}</dd>
              </>
            )}
            <dt className="text-slate-600">{t('face')}</dt>
            <dd>{account.faceVerifiedAt ? t('faceDone') : t('faceNone')}</dd>
          </dl>
        ) : (
          <p className="mt-2 text-sm text-slate-700">{t('unbound')}</p>
        )}
        {account && (
          <button
            type="button"
            className="mt-3 rounded border border-red-300 px-3 py-1 text-sm text-red-800"
            onClick={async () => {
              const r = await unbindAction({});
              if (r.ok) {
                toast.success(t('unbindDone'));
                setStep('login');
                router.refresh();
              }
            }}
          >
            {t('unbind')}
          </button>
        )}
      </section>

      {!bound && step !== 'sms' && (
        <Section id="bind-heading" title={t('bindTitle')}>
          <StateForm
            action={bindAccountAction}
            label={t('bindTitle')}
            submitLabel={t('bindSubmit')}
            pendingLabel={t('bindPending')}
            className={grid}
            onDone={(d) => {
              if (d.step === 'bound') {
                toast.success(t('bound'));
                router.refresh();
                return;
              }
              setHint(d.message);
              setStep(d.step);
            }}
          >
            <FormField id="bind-account" name="account" label={t('username')} autoComplete="username" />
            <FormField
              id="bind-password"
              name="password"
              label={t('password')}
              type="password"
              autoComplete="current-password"
            />
            {step === 'lastDigits' && (
              <FormField
                id="bind-lastDigits"
                name="lastDigits"
                label={t('lastDigits')}
                hint={hint ? tx(hint) : undefined}
              />
            )}
          </StateForm>
        </Section>
      )}

      {step === 'sms' && !bound && (
        <Section id="sms-heading" title={t('smsTitle')}>
          <p className="mb-2 text-sm text-slate-700" role="status">
            {t('smsIntro', { hint: hint ? tx(hint) : '' })}
          </p>
          <StateForm
            action={verifySmsAction}
            label={t('smsTitle')}
            submitLabel={t('smsSubmit')}
            className="flex flex-col gap-3 sm:max-w-xs"
            onDone={() => {
              toast.success(t('bound'));
              setStep('login');
              router.refresh();
            }}
          >
            <FormField
              id="sms-code"
              name="code"
              label={t('smsCode')}
              inputMode="numeric"
              autoComplete="one-time-code"
            />
          </StateForm>
        </Section>
      )}

      {bound && <FacePanel onDone={() => router.refresh()} />}
      {bound && <ChangePassword onDone={() => router.refresh()} />}
      {!bound && <Register />}
      <ForgotPassword />
    </div>
  );
}

const grid = 'grid grid-cols-1 gap-3 sm:grid-cols-2';

function FacePanel({ onDone }: { onDone: () => void }) {
  const t = useTranslations('passengers.account');
  const [message, setMessage] = useState<string | null>(null);
  return (
    <Section id="face-heading" title={t('face')}>
      <label htmlFor="face-photo" className="text-sm font-medium">
        {t('facePhoto')}
      </label>
      <input
        id="face-photo"
        type="file"
        accept="image/jpeg,image/png"
        className="mt-1 block text-sm"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          if (file.size > 100 * 1024) {
            setMessage(t('faceTooLarge'));
            return;
          }
          const bytes = new Uint8Array(await file.arrayBuffer());
          let bin = '';
          for (const b of bytes) bin += String.fromCharCode(b);
          const r = await faceAuthAction({ photo: btoa(bin) });
          setMessage(r.ok ? null : r.message);
          if (r.ok) {
            toast.success(t('faceOk'));
            onDone();
          }
        }}
      />
      <Alert>{message}</Alert>
    </Section>
  );
}

function ChangePassword({ onDone }: { onDone: () => void }) {
  const t = useTranslations('passengers.account');
  const [sent, setSent] = useState(false);
  return (
    <TwoStepForm
      title={t('changeTitle')}
      steps={[
        { action: changeCodeAction, submitLabel: t('getCode') },
        { action: changePasswordAction, submitLabel: t('changeSubmit') },
      ]}
      second={sent}
      onDone={() => {
        if (!sent) return setSent(true);
        toast.success(t('changed'));
        setSent(false);
        onDone();
      }}
    >
      <FormField
        id="cp-old"
        name="oldPassword"
        label={t('oldPassword')}
        type="password"
        autoComplete="current-password"
      />
      <FormField id="cp-new" name="password" label={t('newPassword')} type="password" autoComplete="new-password" />
      <FormField
        id="cp-confirm"
        name="confirm"
        label={t('confirmPassword')}
        type="password"
        autoComplete="new-password"
      />
      {sent && <FormField id="cp-code" name="code" label={t('smsCode')} inputMode="numeric" />}
    </TwoStepForm>
  );
}

function ForgotPassword() {
  const t = useTranslations('passengers.account');
  const tx = useTx();
  const [requestId, setRequestId] = useState<string | null>(null);
  return (
    <TwoStepForm
      title={t('forgotTitle')}
      label={t('forgotLabel')}
      steps={[
        { action: forgotCodeAction, submitLabel: t('getCode') },
        { action: forgotResetAction, submitLabel: t('forgotSubmit') },
      ]}
      second={!!requestId}
      onDone={(d) => {
        if ('requestID' in d) return setRequestId(d.requestID);
        toast.success(t('reset'));
        setRequestId(null);
      }}
    >
      {requestId && <input type="hidden" name="requestId" value={requestId} />}
      <FormSelect
        id="fp-idType"
        name="idType"
        label={t('idType')}
        options={ID_TYPES.map((o) => ({ value: o.value, label: tx(o.label) }))}
        defaultValue="1"
      />
      <FormField id="fp-idNo" name="idNo" label={t('idNo')} autoComplete="off" />
      <FormField id="fp-mobile" name="mobile" label={t('accountMobile')} inputMode="numeric" />
      {requestId && (
        <>
          <FormField id="fp-code" name="code" label={t('smsCode')} inputMode="numeric" />
          <FormField id="fp-new" name="password" label={t('newPassword')} type="password" autoComplete="new-password" />
          <FormField
            id="fp-confirm"
            name="confirm"
            label={t('confirmPassword')}
            type="password"
            autoComplete="new-password"
          />
        </>
      )}
    </TwoStepForm>
  );
}

/**
 * A folded form in two steps (get the SMS code, then use it): one form, so what was typed in the first
 * step is still there in the second; its fields empty once the second step succeeds.
 */
function TwoStepForm<A, B>(props: {
  title: string;
  /** The form's accessible name when it differs from the title. */
  label?: string;
  steps: [{ action: FormServerAction<A>; submitLabel: string }, { action: FormServerAction<B>; submitLabel: string }];
  second: boolean;
  onDone: (data: A | B) => void;
  children: React.ReactNode;
}) {
  const step = props.steps[props.second ? 1 : 0];
  return (
    <FlowForm title={props.title}>
      <StateForm<A | B>
        action={step.action}
        label={props.label ?? props.title}
        submitLabel={step.submitLabel}
        className={grid}
        reset={props.second}
        onDone={props.onDone}
      >
        {props.children}
      </StateForm>
    </FlowForm>
  );
}

/** 账号注册 passengerType (panhe-train-api.md l.301). */
const PASSENGER_TYPES = ['1', '2', '3', '4'] as const;

function Register() {
  const t = useTranslations('passengers.account');
  const tf = useTranslations('passengers.form');
  const tx = useTx();
  const english = useLocale() === 'en';
  const sexOptions = [
    { value: '', label: tf('sexChoose') },
    { value: '1', label: tf('sexMale') },
    { value: '2', label: tf('sexFemale') },
  ];
  // The document details this card type needs (rules table registrationDocumentFields): only those show.
  const [idType, setIdType] = useState('1');
  const needs = new Set(registrationFieldsFor(idType));
  return (
    <FlowForm title={t('registerTitle')} intro={t('registerIntro')}>
      <StateForm
        action={registerAccountAction}
        label={t('registerLabel')}
        submitLabel={t('registerSubmit')}
        className={grid}
        done={({ note }) => <span className="text-green-800">{t('registered', { note: tx(note) })}</span>}
      >
        <FormField id="reg-account" name="account" label={t('registerUsername')} autoComplete="off" />
        <FormField
          id="reg-password"
          name="password"
          label={t('registerPassword')}
          type="password"
          autoComplete="new-password"
        />
        <FormField
          id="reg-name"
          name="name"
          label={english && idType === '2' ? tf('namePassport') : tf('name')}
          hint={english ? (idType === '2' ? quotedRule('name', tf('nameRulePassport')) : tf('nameRule')) : undefined}
        />
        <FormSelect
          id="reg-idType"
          name="idType"
          label={tf('idType')}
          options={ID_TYPES.map((o) => ({ value: o.value, label: tx(o.label) }))}
          defaultValue="1"
          onChange={(e) => setIdType(e.target.value)}
        />
        <FormField id="reg-idNo" name="idNo" label={tf('idNo')} autoComplete="off" />
        <FormSelect
          id="reg-passengerType"
          name="passengerType"
          label={tf('ticketType')}
          options={PASSENGER_TYPES.map((v) => ({ value: v, label: t(`passengerType.${v}`) }))}
          defaultValue="1"
        />
        {needs.has('birthday') && <FormField id="reg-birthday" name="birthday" label={tf('birthday')} type="date" />}
        {needs.has('sex') && (
          <FormSelect id="reg-sex" name="sex" label={tf('sex')} options={sexOptions} defaultValue="" />
        )}
        {needs.has('cardValidUntil') && (
          <FormField
            id="reg-cardValidUntil"
            name="cardValidUntil"
            label={english && idType === '2' ? tf('cardValidUntilPassport') : tf('cardValidUntil')}
            type="date"
          />
        )}
        {needs.has('countryCode') &&
          (english ? (
            <FormSelect
              id="reg-countryCode"
              name="countryCode"
              label={tf('nationality')}
              options={[{ value: '', label: tf('sexChoose') }, ...countryOptions('en')]}
              defaultValue=""
            />
          ) : (
            <FormField id="reg-countryCode" name="countryCode" label={tf('countryCode')} hint={tf('countryCodeHint')} />
          ))}
        {needs.has('email') && (
          <FormField id="reg-email" name="email" label={t('email')} type="email" autoComplete="email" />
        )}
        <FormField id="reg-mobile" name="mobile" label={tf('mobile')} inputMode="numeric" />
        <FormField id="reg-msgCode" name="msgCode" label={t('smsCode')} inputMode="numeric" />
      </StateForm>
    </FlowForm>
  );
}

/** One of the account page's folded forms: a titled disclosure around the form. */
function FlowForm({ title, intro, children }: { title: string; intro?: string; children: React.ReactNode }) {
  return (
    <details className="rounded-lg bg-white p-4 shadow-sm">
      <summary className="cursor-pointer font-semibold">{title}</summary>
      {intro && <p className="mt-2 text-sm text-slate-700">{intro}</p>}
      <div className="mt-3">{children}</div>
    </details>
  );
}
