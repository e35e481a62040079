'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { useTranslations } from 'next-intl';
import {
  addCustomerAddressAction,
  addMyAddressAction,
  removeCustomerAddressAction,
  removeMyAddressAction,
} from '@/lib/delivery/actions';
import type { MaskedAddress } from '@/lib/delivery/addresses';

const FIELDS = [
  { name: 'name', autoComplete: 'name' },
  { name: 'phone', autoComplete: 'tel', inputMode: 'tel' },
  { name: 'province', autoComplete: 'address-level1' },
  { name: 'city', autoComplete: 'address-level2' },
  { name: 'district', autoComplete: 'address-level3' },
  { name: 'detail', autoComplete: 'street-address' },
] as const;

/**
 * The 送票 address book: the list (masked: §七) and the add form (the owner's own values, sealed at rest
 * by the server). `customerId` makes it an agency customer's book.
 */
export function AddressBook({ addresses, customerId }: { addresses: MaskedAddress[]; customerId?: string }) {
  const t = useTranslations('delivery');
  const router = useRouter();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-4">
      <ul aria-label={t('addressBook.list')} className="flex flex-col gap-2 text-sm">
        {addresses.map((a) => (
          <li
            key={a.id}
            className="flex flex-wrap items-center justify-between gap-2 rounded border border-slate-200 p-2"
          >
            <span>
              {a.name} · {a.phone} · {a.address}
            </span>
            <button
              type="button"
              className="rounded border border-slate-300 px-2 py-1"
              disabled={pending}
              onClick={() =>
                start(async () => {
                  const r = customerId
                    ? await removeCustomerAddressAction({ customerId, addressId: a.id })
                    : await removeMyAddressAction({ addressId: a.id });
                  if (!r.ok) return void toast.error(r.message);
                  router.refresh();
                })
              }
            >
              {t('addressBook.remove')}
            </button>
          </li>
        ))}
        {addresses.length === 0 && <li className="text-slate-600">{t('addressBook.empty')}</li>}
      </ul>
      <form
        aria-label={t('addressBook.add')}
        className="grid gap-2 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const values = Object.fromEntries(new FormData(form).entries());
          setErrors({});
          setMessage(null);
          start(async () => {
            const r = customerId
              ? await addCustomerAddressAction({ ...values, customerId })
              : await addMyAddressAction(values);
            if (!r.ok) {
              setErrors(r.fieldErrors ?? {});
              return setMessage(r.message);
            }
            form.reset();
            toast.success(t('addressBook.saved'));
            router.refresh();
          });
        }}
      >
        {FIELDS.map((f) => (
          <label key={f.name} className="flex flex-col gap-1 text-sm">
            {t(`addressBook.fields.${f.name}.label`)}
            <input
              name={f.name}
              required
              placeholder={t(`addressBook.fields.${f.name}.placeholder`)}
              autoComplete={f.autoComplete}
              inputMode={'inputMode' in f ? f.inputMode : undefined}
              aria-invalid={errors[f.name] ? true : undefined}
              aria-describedby={errors[f.name] ? `addr-${f.name}-err` : undefined}
              className="rounded border border-slate-300 px-2 py-1"
            />
            {errors[f.name] && (
              <span id={`addr-${f.name}-err`} className="text-red-700">
                {errors[f.name]!.join(' ')}
              </span>
            )}
          </label>
        ))}
        {message && (
          <p role="alert" className="text-sm text-red-700 sm:col-span-2">
            {message}
          </p>
        )}
        <button type="submit" disabled={pending} className="self-start rounded bg-blue-700 px-4 py-2 text-white">
          {t('addressBook.save')}
        </button>
      </form>
    </div>
  );
}
