/**
 * The provider boundary (see README.md beside this file): the domain types, the port every adapter
 * implements, its one error type, and the registry that hands out the configured providers. Wire
 * formats live only in `adapters/<id>/`.
 */
export * from './errors';
export * from './types';
export * from './port';
