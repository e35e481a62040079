'use server';

import { action } from '@/lib/actions';
import { addPassengerDef, deletePassengerDef, updatePassengerDef } from './service';

export const addPassengerAction = action(addPassengerDef);
export const updatePassengerAction = action(updatePassengerDef);
export const deletePassengerAction = action(deletePassengerDef);
