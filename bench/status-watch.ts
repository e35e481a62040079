/**
 * Waiting on many orders' statuses at once (bench/run.ts, bench/cluster.ts): one watcher reads the status
 * of every order a booking waits on in one query per interval, so the bench's own polling does not cost
 * the database more than the bookings it measures. `reaches(id, test, ms)` resolves true once the
 * order's status passes `test`, false after `ms`.
 */
export function statusWatcher(
  read: (ids: string[]) => Promise<{ id: string; status: number }[]>,
  intervalMs: number,
): (id: string, test: (s: number) => boolean, ms: number) => Promise<boolean> {
  const waiting = new Map<string, { test: (s: number) => boolean; end: number; done: (ok: boolean) => void }>();
  let watcher: Promise<void> | null = null;
  const watch = async () => {
    while (waiting.size) {
      for (const r of await read([...waiting.keys()])) {
        const w = waiting.get(r.id);
        if (w?.test(r.status)) {
          waiting.delete(r.id);
          w.done(true);
        }
      }
      for (const [id, w] of waiting)
        if (Date.now() > w.end) {
          waiting.delete(id);
          w.done(false);
        }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
    watcher = null;
  };
  return (id, test, ms) =>
    new Promise<boolean>((done) => {
      waiting.set(id, { test, end: Date.now() + ms, done });
      watcher ??= watch();
    });
}
