/**
 * The providers' account-wide set-up (TicketProvider.setup: juhe's setPush of its three callback URLs),
 * run by the worker at start and repeated until every configured provider has taken it: a provider
 * down at start is set up once it is back. Idempotent, so a restart simply does it again.
 */
import 'server-only';
import { logError } from '@/lib/log';
import { configuredProviders } from './registry';

export async function setupProviders(callbackBase: string): Promise<{ done: string[]; failed: string[] }> {
  const done: string[] = [];
  const failed: string[] = [];
  for (const p of configuredProviders()) {
    if (!p.setup) continue;
    try {
      await p.setup(callbackBase);
      done.push(p.id);
    } catch (e) {
      logError('provider set-up failed', e, { provider: p.id });
      failed.push(p.id);
    }
  }
  return { done, failed };
}

/** setupProviders now, then every `everyMs` until none failed (or `signal` aborts). */
export async function keepSettingUp(callbackBase: string, everyMs = 60_000, signal?: AbortSignal): Promise<void> {
  for (;;) {
    const { failed } = await setupProviders(callbackBase);
    if (!failed.length || signal?.aborted) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
