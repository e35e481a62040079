'use client';

import { useTranslations } from 'next-intl';
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
import { Field, SelectField, buttonPrimary } from './field';
import { PendingButton } from './pending-button';

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
  pendingLabel,
  className = 'flex flex-wrap items-end gap-3',
  create = false,
  reset = create,
  onDone,
  done,
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
  /**
   * A form that adds something to the page: after a successful submit its fields empty, the page's
   * server components render again and it says 已保存。 (or what `done` shows).
   */
  create?: boolean;
  /** Empty the fields after a successful submit (default: `create`). */
  reset?: boolean;
  /** After a successful submit (a toast, the next step). */
  onDone?: (data: T) => void;
  /** What to show in the status region after a successful submit. */
  done?: (data: T) => ReactNode;
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
  // What a success does reads the props of the render that shows it; it runs once per new state.
  const after = useRef({ onDone, reset, create });
  useEffect(() => {
    after.current = { onDone, reset, create };
  });
  useEffect(() => {
    if (!state?.ok) return;
    if (after.current.reset) formRef.current?.reset();
    if (after.current.create) router.refresh();
    after.current.onDone?.(state.data);
  }, [state, router]);

  const t = useTranslations('ui');
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
          {state ? state.ok && (done ? done(state.data) : create && t('saved')) : notice}
        </FormMessage>
        <div className="flex flex-wrap items-center gap-2 sm:col-span-2">
          <PendingButton
            type="submit"
            pending={pending}
            pendingLabel={pendingLabel ?? t('pleaseWait')}
            className={buttonPrimary}
          >
            {submitLabel}
          </PendingButton>
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
export function FormSelect({ defaultValue, ...props }: Parameters<typeof SelectField>[0] & { name: string }) {
  const f = useFormField(props.name);
  const value = f.defaultValue ?? (defaultValue === undefined ? undefined : String(defaultValue));
  // A select takes its default only when mounted: a new submitted value mounts it again.
  return <SelectField key={value} {...props} errors={f.errors} defaultValue={value} />;
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
