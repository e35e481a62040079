'use client';

import type { ComponentProps, ReactNode } from 'react';
import { PassengerPicker, type ChosenPassenger } from '@/components/passengers/passenger-picker';
import { Field, buttonPrimary } from '@/components/ui/field';
import { FieldError, FormMessage } from '@/components/ui/form';
import type { ClientFormState } from '@/lib/form';

/**
 * The pieces the booking form and the 抢票 form share: the passenger section, a labelled choice (席别,
 * 车次), the contact's mobile and the sticky submit bar. Both forms are client-driven (the picker and
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
    <section className="rounded-lg bg-white p-4 shadow-sm" aria-labelledby="pax-heading">
      <h2 id="pax-heading" className="mb-2 font-semibold">
        {heading}
      </h2>
      <PassengerPicker {...picker}>
        <div role="alert" className="mt-1">
          <FieldError errors={errors} />
        </div>
      </PassengerPicker>
    </section>
  );
}

/** A labelled native select of a client-driven form (席别, 备选车次). */
export function ChoiceSelect<V extends string | number>({
  id,
  label,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  value: V;
  onChange: (value: string) => void;
  options: { value: V; label: string; disabled?: boolean }[];
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="rounded border border-slate-300 px-3 py-2"
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The contact's mobile (the provider's SMS goes there). */
export function ContactMobile({
  value,
  onChange,
  errors,
}: {
  value: string;
  onChange: (v: string) => void;
  errors: string[] | undefined;
}) {
  return (
    <div className="sm:max-w-xs">
      <Field
        name="contactMobile"
        label="联系人手机号"
        inputMode="numeric"
        autoComplete="tel"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        errors={errors}
      />
    </div>
  );
}

/** The sticky bar at the bottom: what it costs, the form's message, the submit button. */
export function SubmitBar({
  summary,
  state,
  pending,
  disabled,
  label,
  onSubmit,
}: {
  summary: ReactNode;
  state: ClientFormState;
  pending: boolean;
  disabled: boolean;
  label: string;
  onSubmit: () => void;
}) {
  return (
    <div className="sticky bottom-0 flex flex-wrap items-center justify-between gap-3 rounded-lg bg-white p-4 shadow-md">
      <p className="text-lg" aria-live="polite">
        {summary}
      </p>
      <FormMessage state={state} className="text-sm" />
      <button type="button" onClick={onSubmit} disabled={pending || disabled} className={buttonPrimary}>
        {pending ? '提交中…' : label}
      </button>
    </div>
  );
}
