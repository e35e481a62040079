'use client';

import { useTranslations } from 'next-intl';
import { useSyncExternalStore } from 'react';
import { FormField, StateForm } from '@/components/ui/form';
import { inviteAction } from '@/lib/agency/actions';
import { formatShanghai } from '@/lib/time';

/** Invites staff by email and shows the link to send them (it expires). */
export function InviteForm() {
  const t = useTranslations('agency.invite');
  return (
    <StateForm
      create
      label={t('label')}
      action={inviteAction}
      submitLabel={t('submit')}
      done={({ link, expiresAt }) => (
        <span>
          {t('link', { expires: formatShanghai(expiresAt) })}
          <a data-testid="invite-link" href={link} className="break-all text-brand-700 underline">
            <Origin />
            {link}
          </a>
        </span>
      )}
    >
      <FormField name="email" label={t('email')} type="email" required />
    </StateForm>
  );
}

const noSubscription = () => () => {};

/** The site's address before the link (none when rendered on the server, after a post without JavaScript). */
function Origin() {
  return useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => '',
  );
}
