'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { subscribePushAction, unsubscribePushAction } from '@/lib/notify/actions';

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

type State = 'unsupported' | 'checking' | 'off' | 'on' | 'denied' | 'busy';

/**
 * Browser notifications: registers the service worker (public/sw.js), asks for permission and sends
 * the PushSubscription to the server; 关闭 unsubscribes here and there.
 */
export function PushToggle({ vapidPublicKey }: { vapidPublicKey: string | null }) {
  const t = useTranslations('notify.push');
  const [state, setState] = useState<State>('checking');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!vapidPublicKey || !('serviceWorker' in navigator) || !('PushManager' in window)) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the browser's capabilities are known only here
      setState('unsupported');
      return;
    }
    void navigator.serviceWorker
      .register('/sw.js')
      .then((reg) => reg.pushManager.getSubscription())
      .then((sub) => setState(sub ? 'on' : Notification.permission === 'denied' ? 'denied' : 'off'))
      .catch(() => setState('unsupported'));
  }, [vapidPublicKey]);

  async function subscribe() {
    setState('busy');
    setError(null);
    try {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        setState('denied');
        return;
      }
      const reg = await navigator.serviceWorker.ready;
      const sub = await reg.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(vapidPublicKey!),
      });
      const r = await subscribePushAction(sub.toJSON());
      if (!r.ok) throw new Error(r.message);
      setState('on');
    } catch (e) {
      setError(e instanceof Error ? e.message : t('failed'));
      setState('off');
    }
  }

  async function unsubscribe() {
    setState('busy');
    const reg = await navigator.serviceWorker.ready;
    const sub = await reg.pushManager.getSubscription();
    if (sub) {
      await unsubscribePushAction({ endpoint: sub.endpoint });
      await sub.unsubscribe();
    }
    setState('off');
  }

  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      <p role="status" data-testid="push-state">
        {t(state)}
      </p>
      {state === 'off' && (
        <button
          type="button"
          onClick={() => void subscribe()}
          className="rounded bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700"
        >
          {t('enable')}
        </button>
      )}
      {state === 'on' && (
        <button
          type="button"
          onClick={() => void unsubscribe()}
          className="rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-100"
        >
          {t('disable')}
        </button>
      )}
      {error && (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
