'use server';
/** The agency workspace's and the admin agency pages' server actions: wrappers of lib/agency/defs. */

import { redirect } from 'next/navigation';
import { guarded } from '@/lib/actions';
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

export async function createAgencyAction(input: unknown) {
  return guarded(createAgencyDef, input);
}
export async function topUpAction(input: unknown) {
  return guarded(topUpDef, input);
}
export async function inviteAction(input: unknown) {
  return guarded(inviteDef, input);
}
export async function acceptInvitationAction(input: unknown) {
  return guarded(acceptInvitationDef, input);
}
/** Creates the account, links it to the agency and signs it in; then the workspace. */
export async function joinWithNewAccountAction(input: unknown) {
  const r = await guarded(joinWithNewAccountDef, input);
  if (r.ok) redirect('/agent');
  return r;
}
export async function memberStateAction(input: unknown) {
  return guarded(memberStateDef, input);
}
export async function createCustomerAction(input: unknown) {
  return guarded(createCustomerDef, input);
}
export async function addCustomerPassengerAction(input: unknown) {
  return guarded(addCustomerPassengerDef, input);
}
export async function customerTrainsAction(input: unknown) {
  return guarded(customerTrainsDef, input);
}
