'use server';

import { action, formAction } from '@/lib/actions';
import { addPassengerDef, deletePassengerDef, updatePassengerDef } from './service';

export const addPassengerAction = formAction(addPassengerDef);
export const updatePassengerAction = formAction(updatePassengerDef);
export const deletePassengerAction = action(deletePassengerDef);
