/**
 * The provider client: the only code in the portal that knows the provider's wire format.
 * See README.md beside this file.
 */
export * from './config';
export * from './errors';
export * from '@/protocol/panhe/sign';
export * from './types';
export * from './mappers';
export * from './callback';
export {
  createProviderClient,
  providerClientFromEnv,
  ENDPOINTS,
  MAX_ATTEMPTS,
  type Endpoint,
  type ProviderClient,
  type CallOptions,
  type TrainCredentials,
  type CreateOrderInput,
  type RegisterInput,
  type SavePassengerInput,
  type ForgotPasswordInput,
} from './client';
export { callbackPayloadSchema } from '@/protocol/panhe/wire';
export * as wire from '@/protocol/panhe/wire';
