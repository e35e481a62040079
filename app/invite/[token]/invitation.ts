import 'server-only';
import { cache } from 'react';
import { invitationByToken } from '@/lib/agency/service';

/** The invitation of a link, looked up once per request (the layout and the page both ask). */
export const invitationOf = cache(async (token: string) =>
  /^[A-Za-z0-9_-]{16,64}$/.test(token) ? await invitationByToken(token) : null,
);
