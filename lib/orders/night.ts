/**
 * Whether the providers behind this portal keep holds over 12306's night closure (FAQ §3 l.101, the
 * pure reading in lib/domain/night-closure.ts), and that reading applied only where they do.
 *
 * PROVIDER_NIGHT_CLOSURE (default on) is `off` only for a stack whose sandbox runs with
 * SANDBOX_NIGHT_CLOSURE=off (the e2e suite, the chaos run and the integration tests, which run at any
 * real hour): there a hold is answered within seconds at 23:30 too, so the portal must not wait for a
 * morning that is not coming (a CI run at 22:50 Beijing time found its order pages polling once a
 * minute). A production installation refuses `off` (lib/env.ts): real providers close.
 */
import { HOLD_GIVE_UP_MINUTES, holdGiveUpAt, nightHoldNotice, nightWaitUntil } from '@/lib/domain/night-closure';
import { env } from '@/lib/env';

/** Whether holds wait over 12306's night closure here (PROVIDER_NIGHT_CLOSURE). */
export function nightClosurePlayed(): boolean {
  return env().PROVIDER_NIGHT_CLOSURE === 'on';
}

/** The morning a hold submitted at `submittedAt` waits for; null when it does not wait (nightWaitUntil). */
export function holdWaitsUntil(submittedAt: Date): Date | null {
  return nightClosurePlayed() ? nightWaitUntil(submittedAt) : null;
}

/** When a hold with no answer from the provider is given up (holdGiveUpAt, or the usual wait). */
export function holdGivenUpAt(submittedAt: Date): Date {
  return nightClosurePlayed()
    ? holdGiveUpAt(submittedAt)
    : new Date(submittedAt.getTime() + HOLD_GIVE_UP_MINUTES * 60_000);
}

/** What the order page says while the hold waits for the morning (nightHoldNotice); else null. */
export function holdNightNotice(submittedAt: Date, now: Date = new Date()): string | null {
  return nightClosurePlayed() ? nightHoldNotice(submittedAt, now) : null;
}
