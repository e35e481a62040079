/** The fields of a GET filter form (its state lives in the URL): a label above each, errors wired by aria. */

/** A GET filter form's input: its label, the value as typed, and its errors wired by aria. */
export function FilterInput({
  name,
  id = `f-${name}`,
  label,
  value,
  errors,
  type,
  placeholder,
  width = '',
}: {
  name: string;
  id?: string;
  label: string;
  value: string;
  errors?: string[];
  type?: string;
  placeholder?: string;
  /** A Tailwind width class, e.g. `w-48`. */
  width?: string;
}) {
  const error = errors?.length ? `${id}-error` : undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        type={type}
        name={name}
        defaultValue={value}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={error}
        className={`${width} rounded border border-slate-300 px-2 py-1.5 aria-[invalid=true]:border-red-600`.trim()}
      />
      {error && (
        <p id={error} className="text-xs text-red-700">
          {errors!.join(' ')}
        </p>
      )}
    </div>
  );
}

/** A GET filter form's choice among `options`, after the no-filter choice `all` (value '') if given. */
export function FilterSelect({
  name,
  id = `f-${name}`,
  label,
  value,
  all,
  options,
}: {
  name: string;
  id?: string;
  label: string;
  value: string | undefined;
  all?: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium text-slate-700">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ''} className="rounded border border-slate-300 px-2 py-1.5">
        {all !== undefined && <option value="">{all}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
