'use client';

import { useRouter } from 'next/navigation';
import {
  createContext,
  startTransition,
  use,
  useActionState,
  useEffect,
  useRef,
  type FormEvent,
  type ReactNode,
} from 'react';
import { errorsOf, messageOf, type FormState } from '@/lib/form';
import { Field, buttonPrimary } from './field';

/**
 * The portal's one form-state pattern: `useActionState` over a server action made by `formAction`
 * (lib/actions.ts). Rendered as `<form action>`, so it posts before hydration and without JavaScript
 * (the page re-renders with the returned state). Once hydrated the submit goes through the same
 * action without React's reset, so everything typed stays on an error, passwords included. Fields
 * inside read their errors and last submitted value from the state (`FormField`, `useFormField`).
 */
const StateContext = createContext<FormState>(null);

/** A form's server action; `prev: never` lets one form switch between actions (a two-step flow). */
export type FormServerAction<T> = (prev: never, form: FormData) => Promise<FormState<T>>;

export function StateForm<T>({
  action,
  label,
  submitLabel,
  pendingLabel = '请稍候…',
  className = 'flex flex-wrap items-end gap-3',
  onDone,
  done,
  reset = true,
  refresh = true,
  notice,
  footer,
  children,
}: {
  action: FormServerAction<T>;
  /** The form's accessible name. */
  label: string;
  submitLabel: string;
  pendingLabel?: string;
  className?: string;
  /** After a successful submit (a toast, the next step). */
  onDone?: (data: T) => void;
  /** What to show in the status region after a successful submit (default: 已保存。). */
  done?: ((data: T) => ReactNode) | null;
  /** Empty the fields after a successful submit. */
  reset?: boolean;
  /** Re-render the page's server components after a successful submit. */
  refresh?: boolean;
  /** In the status region before the first submit (a note the page passes on). */
  notice?: ReactNode;
  /** Beside the submit button (a cancel button). */
  footer?: ReactNode;
  children: ReactNode;
}) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, dispatch, pending] = useActionState<FormState<T>, FormData>(
    action as (prev: FormState<T>, form: FormData) => Promise<FormState<T>>,
    null,
  );
  const onDoneRef = useRef(onDone);
  useEffect(() => {
    onDoneRef.current = onDone;
  });

  useEffect(() => {
    if (!state?.ok) return;
    if (reset) formRef.current?.reset();
    if (refresh) router.refresh();
    onDoneRef.current?.(state.data);
  }, [state, reset, refresh, router]);

  // Hydrated: submit without React's automatic form reset (it would empty what was typed on an error).
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(e.currentTarget, submitter);
    startTransition(() => dispatch(data));
  }

  return (
    <form ref={formRef} action={dispatch} onSubmit={submit} aria-label={label} noValidate className={className}>
      <StateContext value={state}>
        {children}
        <FormMessage state={state}>
          {state ? state.ok && done !== null && (done ? done(state.data) : '已保存。') : notice}
        </FormMessage>
        <div className="flex flex-wrap items-center gap-2 sm:col-span-2">
          <button type="submit" disabled={pending} className={buttonPrimary}>
            {pending ? pendingLabel : submitLabel}
          </button>
          {footer}
        </div>
      </StateContext>
    </form>
  );
}

/** The state of the enclosing StateForm. */
export function useFormState(): FormState {
  return use(StateContext);
}

/** A field's errors and the value it was last submitted with. */
export function useFormField(name: string) {
  const state = use(StateContext);
  return { name, errors: errorsOf(state, name), defaultValue: state?.values[name] };
}

type FieldProps = Parameters<typeof Field>[0];

/** A Field wired to the enclosing StateForm (errors beside it, what was typed kept). */
export function FormField({ defaultValue, ...props }: FieldProps) {
  const f = useFormField(props.name);
  return <Field {...props} errors={f.errors} defaultValue={f.defaultValue ?? defaultValue} />;
}

/** A native select wired to the enclosing StateForm. */
export function FormSelect({
  name,
  label,
  options,
  defaultValue,
  id,
  disabled,
  onChange,
}: {
  name: string;
  label: string;
  options: readonly { value: string | number; label: string }[];
  defaultValue?: string | number;
  id?: string;
  disabled?: boolean;
  onChange?: (value: string) => void;
}) {
  const f = useFormField(name);
  const selectId = id ?? `field-${name}`;
  const value = f.defaultValue ?? (defaultValue === undefined ? undefined : String(defaultValue));
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={selectId} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <select
        // A select takes its default only when mounted: a new submitted value mounts it again.
        key={value}
        id={selectId}
        name={name}
        defaultValue={value}
        disabled={disabled}
        onChange={onChange && ((e) => onChange(e.target.value))}
        aria-invalid={f.errors?.length ? true : undefined}
        aria-describedby={f.errors?.length ? `${selectId}-error` : undefined}
        className="rounded border border-slate-300 bg-white px-3 py-2"
      >
        {options.map((o) => (
          <option key={o.value} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={`${selectId}-error`} errors={f.errors} />
    </div>
  );
}

/** Errors of something that is not one input (a list of passengers, the seat picks). */
export function FieldError({ id, errors }: { id?: string; errors: string[] | undefined }) {
  return errors?.length ? (
    <p id={id} className="text-sm text-red-700">
      {errors.join(' ')}
    </p>
  ) : null;
}

/**
 * The form-level message in a live region: a failed submit's message, else `children` (what a
 * successful one says).
 */
export function FormMessage({
  state,
  children,
  className = 'w-full text-sm sm:col-span-2',
}: {
  state: { ok: boolean; message?: string; fieldErrors?: Record<string, string[]> } | null;
  children?: ReactNode;
  className?: string;
}) {
  const message = messageOf(state);
  const formErrors = errorsOf(state, '_form');
  return (
    <div role="status" aria-live="polite" className={className}>
      {message ? (
        <p className="rounded bg-red-50 p-2 text-sm text-red-800">{formErrors?.join(' ') ?? message}</p>
      ) : (
        children
      )}
    </div>
  );
}
