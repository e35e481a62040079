'use client';

import type { ComponentProps, ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { PassengerPicker, type ChosenPassenger } from '@/components/passengers/passenger-picker';
import { Field, FieldError, buttonPrimary } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form';
import type { ClientFormState } from '@/lib/form';
import { formatFen } from '@/lib/format';
import { Section } from '@/components/ui/section';
import { PendingButton } from '@/components/ui/pending-button';

/**
 * The pieces the booking form and the 抢票 form share: the passenger section, the contact's mobile and
 * the sticky submit bar (席别 and 车次 are components/ui/field.tsx's SelectField). Both forms are client-driven (the picker and
 * the seat choice need JavaScript) and keep the one form-state shape (lib/form.ts ClientFormState): a
 * failed submit's `{ ok: false, message, fieldErrors }`, rendered with FieldError and FormMessage.
 */

/** The passenger picker and its errors, in a titled section. */
export function PassengersSection<C extends ChosenPassenger>({
  heading,
  errors,
  ...picker
}: Omit<ComponentProps<typeof PassengerPicker<C>>, 'children'> & { heading: string; errors: string[] | undefined }) {
  return (
    <Section id="pax-heading" title={heading}>
      <PassengerPicker {...picker}>
        <div role="alert" className="mt-1">
          <FieldError errors={errors} />
        </div>
      </PassengerPicker>
    </Section>
  );
}

const CONTACT = { name: 'contactMobile', inputMode: 'numeric', autoComplete: 'tel' } as const;

/** The contact's mobile (the provider's SMS goes there). */
export function ContactMobile(props: { value: string; onChange: (v: string) => void; errors: string[] | undefined }) {
  const t = useTranslations('booking');
  return (
    <div className="sm:max-w-xs">
      <Field
        {...CONTACT}
        label={t('form.contactMobile')}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        errors={props.errors}
      />
    </div>
  );
}

/** The sticky bar at the bottom: what it costs, the form's message, the submit button. */
export function SubmitBar({
  amount,
  state,
  pending,
  disabled,
  label,
  onSubmit,
}: {
  /** 合计 or 预付: the sum in fen, its test id and a note on how it is made up. */
  amount: { label: string; fen: number; testId: string; note: ReactNode };
  state: ClientFormState;
  pending: boolean;
  disabled: boolean;
  label: string;
  onSubmit: () => void;
}) {
  const t = useTranslations('booking');
  return (
    <div className="sticky bottom-0 flex flex-wrap items-center justify-between gap-3 rounded-lg bg-white p-4 shadow-md">
      <p className="text-lg" aria-live="polite">
        {amount.label} <strong data-testid={amount.testId}>{formatFen(amount.fen)}</strong>
        <span className="ml-2 text-sm text-slate-600">{amount.note}</span>
      </p>
      <FormMessage state={state} className="text-sm" />
      <PendingButton
        onClick={onSubmit}
        pending={pending}
        pendingLabel={t('form.submitting')}
        disabled={disabled}
        className={buttonPrimary}
      >
        {label}
      </PendingButton>
    </div>
  );
}
