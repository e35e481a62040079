export * from './config';
export * from './errors';
export * from './sign';
export { createProviderClient, ENDPOINTS, type ProviderClient, type Endpoint } from './client';
export * as wire from './wire';
