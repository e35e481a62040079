'use server';

import { guarded } from '@/lib/actions';
import { addPassengerDef, deletePassengerDef, updatePassengerDef } from './service';

export async function addPassengerAction(input: unknown) {
  return guarded(addPassengerDef, input);
}

export async function updatePassengerAction(input: unknown) {
  return guarded(updatePassengerDef, input);
}

export async function deletePassengerAction(input: unknown) {
  return guarded(deletePassengerDef, input);
}
