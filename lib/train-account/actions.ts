'use server';

import { action } from '@/lib/actions';
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

export const bindAccountAction = action(bindAccountDef);
export const verifySmsAction = action(verifySmsDef);
export const unbindAction = action(unbindDef);
export const faceAuthAction = action(faceAuthDef);
export const registerAccountAction = action(registerDef);
export const forgotCodeAction = action(forgotCodeDef);
export const forgotResetAction = action(forgotResetDef);
export const changeCodeAction = action(changeCodeDef);
export const changePasswordAction = action(changePasswordDef);
