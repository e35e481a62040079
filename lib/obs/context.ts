/**
 * The request id of the work in hand (a server action, a route handler, an inbound callback, a job),
 * carried by AsyncLocalStorage so every log line written under it names it (lib/obs/logger.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

const store = new AsyncLocalStorage<{ requestId: string }>();

export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}

/** Runs `fn` under a request id: the caller's if one is set already, else `id` or a new one. */
export function withRequestId<T>(fn: () => T, id?: string): T {
  if (store.getStore()) return fn();
  return store.run({ requestId: id ?? randomUUID() }, fn);
}
