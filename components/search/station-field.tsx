import { useTranslations } from 'next-intl';
import type { ComponentPropsWithRef, ReactNode } from 'react';

/** The station input's look, shared by the first-load input and the autocomplete (station-combobox.tsx). */
export function StationField({
  name,
  error,
  labelProps,
  inputProps,
  label,
  children,
}: {
  name: string;
  error?: string | undefined;
  labelProps: ComponentPropsWithRef<'label'>;
  inputProps: ComponentPropsWithRef<'input'>;
  label: string;
  children?: ReactNode;
}) {
  const t = useTranslations('search.station');
  const errorId = `${name}-error`;
  return (
    <div className="relative flex flex-col gap-1">
      <label {...labelProps} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        {...inputProps}
        name={name}
        placeholder={t('placeholder')}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className="rounded border border-slate-300 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-600"
      />
      {children}
      {error && (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
