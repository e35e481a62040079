'use client';

import * as Dialog from '@radix-ui/react-dialog';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { buttonPrimary } from '@/components/ui/field';
import { MAX_PASSENGERS_PER_ACCOUNT, TICKET_TYPES } from '@/lib/domain/passenger';
import { addPassengerAction, deletePassengerAction } from '@/lib/passengers/actions';
import type { PassengerView } from '@/lib/passengers/service';
import { PassengerForm } from './passenger-form';
import { useTx } from '@/lib/i18n/client';
import { Section } from '@/components/ui/section';
import { RecheckButton, VerifyState } from './verify-state';

const ticketLabel = (t: number) => TICKET_TYPES.find((x) => x.value === t)?.label ?? String(t);

export function PassengerManager(props: { passengers: PassengerView[]; bound: boolean }) {
  const t = useTranslations('passengers.manager');
  const tx = useTx();
  const router = useRouter();
  const [adding, setAdding] = useState(false);
  const [confirming, setConfirming] = useState<PassengerView | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const counted = props.passengers.filter((p) =>
    props.bound ? p.source === 'provider' : p.source === 'portal',
  ).length;
  const full = counted >= MAX_PASSENGERS_PER_ACCOUNT;

  function added(p: PassengerView) {
    toast.success(t('added', { name: p.name }));
    setAdding(false);
    router.refresh();
  }

  async function remove(p: PassengerView) {
    const r = await deletePassengerAction({ id: p.id });
    if (!r.ok) {
      setDeleteError(r.message);
      return;
    }
    setConfirming(null);
    toast.success(t('deleted', { name: p.name }));
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-slate-600" aria-live="polite">
        {t('count', { counted, max: MAX_PASSENGERS_PER_ACCOUNT, bound: String(props.bound) })}
      </p>
      {props.bound && <RecheckButton />}
      <ul className="flex flex-col gap-2" aria-label={t('listLabel')}>
        {props.passengers.map((p) => (
          <li
            key={p.id}
            className="flex flex-wrap items-center justify-between gap-2 rounded-lg bg-white p-3 shadow-sm"
          >
            <div className="flex flex-col gap-0.5 text-sm">
              <span className="text-base font-medium">
                {p.name}
                {p.isSelf && <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs">{t('self')}</span>}
                <span className="ml-2 text-xs text-slate-600">{tx(ticketLabel(p.ticketType))}</span>
              </span>
              <span className="text-slate-600">
                {tx(p.idTypeLabel)} {p.idNoMasked}
                {p.mobileMasked && ` · ${p.mobileMasked}`}
              </span>
              <span className="text-xs text-slate-600">
                {p.source === 'provider'
                  ? t('verified', {
                      status: p.verifyLabel ? tx(p.verifyLabel) : t('unknown'),
                      mobilePending: String(p.mobileVerified === false),
                    })
                  : t('portalOnly')}
                {!p.bookable && t('incomplete')}
                {p.deleteLockedUntil && t('deleteLocked', { date: p.deleteLockedUntil })}
              </span>
              {p.source === 'provider' && <VerifyState p={p} />}
            </div>
            <div className="flex gap-2">
              <Link href={`/passengers/${p.id}`} className="rounded border border-slate-300 px-3 py-1 text-sm">
                {t('edit')}
                <span className="sr-only"> {p.name}</span>
              </Link>
              {!p.isSelf && (
                <button
                  type="button"
                  onClick={() => {
                    setDeleteError(null);
                    setConfirming(p);
                  }}
                  className="rounded border border-red-300 px-3 py-1 text-sm text-red-800"
                >
                  {t('delete')}
                  <span className="sr-only"> {p.name}</span>
                </button>
              )}
            </div>
          </li>
        ))}
        {props.passengers.length === 0 && <li className="text-sm text-slate-600">{t('empty')}</li>}
      </ul>

      {adding ? (
        <Section id="add-heading" title={t('add')}>
          <PassengerForm
            label={t('add')}
            idPrefix="new"
            submitLabel={t('save')}
            action={addPassengerAction}
            onDone={added}
            onCancel={() => setAdding(false)}
          />
        </Section>
      ) : (
        <div>
          <button type="button" className={buttonPrimary} onClick={() => setAdding(true)} disabled={full}>
            {t('add')}
          </button>
          {full && <p className="mt-1 text-sm text-amber-900">{t('full', { max: MAX_PASSENGERS_PER_ACCOUNT })}</p>}
        </div>
      )}

      <Dialog.Root open={!!confirming} onOpenChange={(o) => !o && setConfirming(null)}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 bg-black/40" />
          <Dialog.Content className="fixed top-1/2 left-1/2 w-[min(92vw,24rem)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-4 shadow-lg">
            <Dialog.Title className="font-semibold">{t('deleteTitle')}</Dialog.Title>
            <Dialog.Description className="mt-2 text-sm">
              {t('deleteConfirm', { name: confirming?.name ?? '' })}
              {props.bound && confirming?.source === 'provider' && t('deleteAlso12306')}
            </Dialog.Description>
            <p role="alert" className="mt-2 text-sm text-red-700">
              {deleteError}
            </p>
            <div className="mt-3 flex justify-end gap-2">
              <Dialog.Close className="rounded border border-slate-300 px-3 py-1">{t('cancel')}</Dialog.Close>
              <button
                type="button"
                className="rounded bg-red-700 px-3 py-1 text-white"
                onClick={() => confirming && remove(confirming)}
              >
                {t('deleteConfirmButton')}
              </button>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </div>
  );
}
