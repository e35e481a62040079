'use server';
/** The agency workspace's and the admin agency pages' server actions: wrappers of lib/agency/defs. */

import { guarded } from '@/lib/actions';
import {
  acceptInvitationDef,
  addCustomerPassengerDef,
  createAgencyDef,
  createCustomerDef,
  customerTrainsDef,
  inviteDef,
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
