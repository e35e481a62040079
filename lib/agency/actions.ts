'use server';
/** The agency workspace's and the admin agency pages' server actions: the definitions of lib/agency/defs. */

import { redirect } from 'next/navigation';
import { action } from '@/lib/actions';
import {
  acceptInvitationDef,
  addCustomerPassengerDef,
  createAgencyDef,
  createCustomerDef,
  customerTrainsDef,
  inviteDef,
  joinWithNewAccountDef,
  memberStateDef,
  topUpDef,
} from './defs';

export const createAgencyAction = action(createAgencyDef);
export const topUpAction = action(topUpDef);
export const inviteAction = action(inviteDef);
export const acceptInvitationAction = action(acceptInvitationDef);
/** Creates the account, links it to the agency and signs it in; then the workspace. */
export const joinWithNewAccountAction = action(joinWithNewAccountDef, () => redirect('/agent'));
export const memberStateAction = action(memberStateDef);
export const createCustomerAction = action(createCustomerDef);
export const addCustomerPassengerAction = action(addCustomerPassengerDef);
export const customerTrainsAction = action(customerTrainsDef);
