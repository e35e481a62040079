/** Asks `f` every `everyMs` until it says yes (true) or `ms` have passed (false). */
export async function until(f: () => Promise<boolean>, ms: number, everyMs = 200): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await f()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return false;
}
