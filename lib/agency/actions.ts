'use server';
/** The agency workspace's and the admin agency pages' server actions: the definitions of lib/agency/defs. */

import { redirect } from 'next/navigation';
import { action, formAction } from '@/lib/actions';
import {
  acceptInvitationDef,
  addCustomerPassengerDef,
  createAgencyDef,
  createCustomerDef,
  inviteDef,
  joinWithNewAccountDef,
  lowBalanceDef,
  memberStateDef,
  topUpDef,
} from './defs';

export const createAgencyAction = formAction(createAgencyDef);
export const topUpAction = formAction(topUpDef);
export const inviteAction = formAction(inviteDef);
export const acceptInvitationAction = action(acceptInvitationDef);
/** Creates the account, links it to the agency and signs it in; then the workspace. */
export const joinWithNewAccountAction = formAction(joinWithNewAccountDef, () => redirect('/agent'));
export const memberStateAction = action(memberStateDef);
export const lowBalanceAction = formAction(lowBalanceDef);
export const createCustomerAction = formAction(createCustomerDef);
export const addCustomerPassengerAction = formAction(addCustomerPassengerDef);
