'use client';

import { useTranslations } from 'next-intl';

/**
 * next-auth's sign-out (v4: CSRF token, then POST /api/auth/signout) without next-auth/react, which
 * would put ~13 KB gzip of client code on every page for this one button.
 */
async function signOut(callbackUrl: string): Promise<void> {
  const { csrfToken } = (await (await fetch('/api/auth/csrf')).json()) as { csrfToken: string };
  const res = await fetch('/api/auth/signout', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Auth-Return-Redirect': '1' },
    body: new URLSearchParams({ csrfToken, callbackUrl, json: 'true' }),
  });
  const { url } = (await res.json().catch(() => ({}))) as { url?: string };
  window.location.href = url ?? callbackUrl;
}

export function SignOutButton() {
  const t = useTranslations('nav');
  return (
    <button
      type="button"
      onClick={() => void signOut('/')}
      className="rounded border border-slate-300 px-3 py-1.5 text-slate-700 hover:bg-slate-100"
    >
      {t('signOut')}
    </button>
  );
}
