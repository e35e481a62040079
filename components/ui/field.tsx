import type { ChangeEvent, InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';

interface Wiring {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

/** The label, hint and errors around one control, tied to it with aria-describedby / aria-invalid. */
function labelled(
  { id, label, hint, errors }: { id: string; label: string; hint?: string | undefined; errors?: string[] | undefined },
  control: (wiring: Wiring) => ReactNode,
) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      {control({
        id,
        ...(errors?.length ? { 'aria-invalid': true as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {hint && (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}

/** Errors of a field, or of something that is not one input (a list of passengers, the seat picks). */
export function FieldError({ id, errors }: { id?: string; errors: string[] | undefined }) {
  return errors?.length ? (
    <p id={id} className="text-sm text-red-700">
      {errors.join(' ')}
    </p>
  ) : null;
}

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  errors?: string[] | undefined;
  hint?: string | undefined;
}

const control = 'rounded border border-slate-300 bg-white px-3 py-2 aria-[invalid=true]:border-red-600';

/** A labelled input whose errors are announced and tied to it with aria-describedby. */
export function Field({ label, errors, hint, id, ...rest }: FieldProps) {
  return labelled({ id: id ?? `field-${rest.name}`, label, hint, errors }, (wiring) => (
    <input {...wiring} className={`${control} text-base`} {...rest} />
  ));
}

export interface SelectOption {
  value: string | number;
  label: string;
  disabled?: boolean;
}

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  options: readonly SelectOption[];
  errors?: string[] | undefined;
  hint?: string | undefined;
}

/** A labelled native select (accessible by default, works without JavaScript). */
/**
 * A choice made before hydration (the select is plain HTML until then, and React keeps what the page
 * shows) reaches an uncontrolled select's onChange once hydrated, so what depends on it (the fields a
 * card type asks for) follows what the user picked, not the default.
 */
function choiceBeforeHydration(rest: SelectHTMLAttributes<HTMLSelectElement>) {
  const { onChange, defaultValue, value } = rest;
  if (!onChange || value !== undefined || defaultValue === undefined) return undefined;
  return (el: HTMLSelectElement | null) => {
    if (el && el.value !== String(defaultValue))
      onChange({ target: el, currentTarget: el } as unknown as ChangeEvent<HTMLSelectElement>);
  };
}

export function SelectField({ label, options, errors, hint, id, ...rest }: SelectFieldProps) {
  return labelled({ id: id ?? `field-${rest.name}`, label, hint, errors }, (wiring) => (
    <select {...wiring} className={control} ref={choiceBeforeHydration(rest)} {...rest}>
      {options.map((o) => (
        <option key={o.value} value={String(o.value)} disabled={o.disabled}>
          {o.label}
        </option>
      ))}
    </select>
  ));
}

export const buttonPrimary =
  'rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-60';
