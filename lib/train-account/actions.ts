'use server';

import { guarded } from '@/lib/actions';
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

export async function bindAccountAction(input: unknown) {
  return guarded(bindAccountDef, input);
}
export async function verifySmsAction(input: unknown) {
  return guarded(verifySmsDef, input);
}
export async function unbindAction(input: unknown) {
  return guarded(unbindDef, input);
}
export async function faceAuthAction(input: unknown) {
  return guarded(faceAuthDef, input);
}
export async function registerAccountAction(input: unknown) {
  return guarded(registerDef, input);
}
export async function forgotCodeAction(input: unknown) {
  return guarded(forgotCodeDef, input);
}
export async function forgotResetAction(input: unknown) {
  return guarded(forgotResetDef, input);
}
export async function changeCodeAction(input: unknown) {
  return guarded(changeCodeDef, input);
}
export async function changePasswordAction(input: unknown) {
  return guarded(changePasswordDef, input);
}
