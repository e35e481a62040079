'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type ReactNode } from 'react';
import { Field } from './field';

type Result = { ok: true; data: unknown } | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

export interface ActionField {
  name: string;
  label: string;
  type?: string;
  required?: boolean;
  hint?: string;
  options?: { value: string; label: string }[];
  defaultValue?: string;
}

/**
 * A small form over one guarded server action: the fields' values go to the action as an object;
 * field errors show under their field (what was typed stays), the message in a live region; on
 * success the page re-renders and `done` may show what came back (e.g. an invitation link).
 */
export function ActionForm({
  label,
  action,
  fields,
  submitLabel,
  hidden = {},
  done,
}: {
  label: string;
  action: (input: unknown) => Promise<Result>;
  fields: ActionField[];
  submitLabel: string;
  hidden?: Record<string, string>;
  done?: (data: unknown) => ReactNode;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [result, setResult] = useState<ReactNode>(null);
  const id = label.replace(/\s+/g, '-');
  return (
    <form
      aria-label={label}
      method="post"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const input = { ...hidden, ...Object.fromEntries(new FormData(form).entries()) };
        setMessage(null);
        start(async () => {
          const r = await action(input);
          if (!r.ok) {
            setErrors(r.fieldErrors ?? {});
            setMessage(r.message);
            return;
          }
          setErrors({});
          setResult(done ? done(r.data) : '已保存。');
          form.reset();
          router.refresh();
        });
      }}
    >
      {fields.map((f) =>
        f.options ? (
          <div key={f.name} className="flex flex-col gap-1">
            <label htmlFor={`${id}-${f.name}`} className="text-sm font-medium text-slate-700">
              {f.label}
            </label>
            <select
              id={`${id}-${f.name}`}
              name={f.name}
              defaultValue={f.defaultValue}
              className="rounded border border-slate-300 bg-white px-3 py-2"
            >
              {f.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <Field
            key={f.name}
            id={`${id}-${f.name}`}
            name={f.name}
            label={f.label}
            type={f.type ?? 'text'}
            required={f.required}
            defaultValue={f.defaultValue}
            {...(f.hint ? { hint: f.hint } : {})}
            errors={errors[f.name]}
          />
        ),
      )}
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-brand-600 px-4 py-2 font-medium text-white disabled:opacity-60"
      >
        {pending ? '请稍候…' : submitLabel}
      </button>
      <div role="status" aria-live="polite" className="w-full text-sm">
        {message ? <span className="text-red-800">{message}</span> : result}
      </div>
    </form>
  );
}
