'use client';

import { useTranslations } from 'next-intl';
import { useState, type ReactNode } from 'react';
import { toast } from 'sonner';
import { PassengerForm } from '@/components/passengers/passenger-form';
import { addPassengerAction } from '@/lib/passengers/actions';
import type { PassengerView } from '@/lib/passengers/service';
import { useTx } from '@/lib/i18n/client';

export interface ChosenPassenger {
  passengerId: string;
  ticketType: number;
}

/**
 * The saved passengers a booking or grab form picks from (masked ID numbers), a ticket type per
 * chosen passenger, and adding a new one in place (saved, then chosen). Shared by the booking form and
 * the 抢票 form; the form keeps the chosen list and its own limits.
 */
export function PassengerPicker<C extends ChosenPassenger>(props: {
  saved: PassengerView[];
  onSaved: (p: PassengerView) => void;
  chosen: C[];
  onChosen: (update: (cur: C[]) => C[]) => void;
  ticketTypes: { value: number; label: string }[];
  /** The form's own limit (e.g. at most 9 passengers): an unchosen passenger cannot be ticked. */
  full?: boolean;
  /** Why the form is full (e.g. the provider's limit), said beside the disabled add button. */
  fullReason?: string;
  /** What unticking a passenger also removes (the booking form: a child booked on their ID). */
  onUntick?: (cur: C[], passengerId: string) => C[];
  /** After a passenger was ticked or unticked (the booking form forgets its seat picks). */
  onToggled?: () => void;
  /** More controls for a chosen passenger (the booking form's child-on-an-adult's-ID choice). */
  extra?: (p: PassengerView, c: C) => ReactNode;
  /** Where adding is not offered (agency staff booking for a customer), what to say instead. */
  noAdding?: ReactNode;
  children?: ReactNode;
}) {
  const t = useTranslations('passengers.picker');
  const tx = useTx();
  const { saved, chosen, onChosen } = props;
  const [adding, setAdding] = useState(saved.length === 0 && !props.noAdding);

  // A passenger saved as a student (or 残军) is chosen as an adult where the form does not offer that type.
  const defaultType = (p: PassengerView) =>
    props.ticketTypes.some((t) => t.value === p.ticketType) ? p.ticketType : 1;

  function toggle(p: PassengerView) {
    onChosen((cur) =>
      cur.some((c) => c.passengerId === p.id)
        ? (props.onUntick ?? ((list, id) => list.filter((c) => c.passengerId !== id)))(cur, p.id)
        : [...cur, { passengerId: p.id, ticketType: defaultType(p) } as C],
    );
    props.onToggled?.();
  }

  function added(p: PassengerView) {
    props.onSaved(p);
    onChosen((cur) => [...cur, { passengerId: p.id, ticketType: defaultType(p) } as C]);
    setAdding(false);
    toast.success(t('added', { name: p.name }));
  }

  return (
    <>
      {saved.length > 0 && (
        <ul className="flex flex-col gap-2">
          {saved.map((p) => {
            const c = chosen.find((x) => x.passengerId === p.id);
            return (
              <li key={p.id} className="flex flex-wrap items-center gap-3 text-sm">
                <label className="inline-flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={!!c}
                    onChange={() => toggle(p)}
                    disabled={!c && (!!props.full || !p.bookable)}
                  />
                  <span className="font-medium">{p.name}</span>
                  <span className="text-slate-500">
                    {tx(p.idTypeLabel)} {p.idNoMasked}
                    {!p.bookable && t('incomplete')}
                  </span>
                </label>
                {c && (
                  <>
                    <label className="sr-only" htmlFor={`tt-${p.id}`}>
                      {t('ticketTypeOf', { name: p.name })}
                    </label>
                    <select
                      id={`tt-${p.id}`}
                      value={c.ticketType}
                      onChange={(e) =>
                        onChosen((cur) =>
                          cur.map((x) => (x.passengerId === p.id ? { ...x, ticketType: Number(e.target.value) } : x)),
                        )
                      }
                      className="rounded border border-slate-300 px-2 py-1"
                    >
                      {props.ticketTypes.map((t) => (
                        <option key={t.value} value={t.value}>
                          {t.label}
                        </option>
                      ))}
                    </select>
                    {props.extra?.(p, c)}
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {props.children}
      {props.noAdding ? (
        props.noAdding
      ) : adding ? (
        <div className="mt-3 rounded border border-slate-200 p-3">
          <PassengerForm
            label={t('add')}
            idPrefix="add"
            submitLabel={t('save')}
            action={addPassengerAction}
            onDone={added}
            {...(saved.length > 0 ? { onCancel: () => setAdding(false) } : {})}
          />
        </div>
      ) : (
        <p className="mt-3 flex flex-wrap items-center gap-2 text-sm">
          <button
            type="button"
            onClick={() => setAdding(true)}
            // A passenger added here is chosen at once, so a full form adds none.
            disabled={!!props.full}
            aria-describedby={props.full && props.fullReason ? 'pax-full-reason' : undefined}
            className="text-brand-700 underline disabled:cursor-not-allowed disabled:text-slate-400 disabled:no-underline"
          >
            {t('addButton')}
          </button>
          {props.full && props.fullReason && (
            <span id="pax-full-reason" className="text-slate-600">
              {props.fullReason}
            </span>
          )}
        </p>
      )}
    </>
  );
}
