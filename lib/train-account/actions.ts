'use server';

import { action, formAction } from '@/lib/actions';
import {
  bindAccountDef,
  changeCodeDef,
  changePasswordDef,
  faceAuthDef,
  forgotCodeDef,
  forgotResetDef,
  registerDef,
  unbindDef,
  verifySmsDef,
} from './service';

export const bindAccountAction = formAction(bindAccountDef);
export const verifySmsAction = formAction(verifySmsDef);
export const unbindAction = action(unbindDef);
export const faceAuthAction = action(faceAuthDef);
export const registerAccountAction = formAction(registerDef);
export const forgotCodeAction = formAction(forgotCodeDef);
export const forgotResetAction = formAction(forgotResetDef);
export const changeCodeAction = formAction(changeCodeDef);
export const changePasswordAction = formAction(changePasswordDef);
