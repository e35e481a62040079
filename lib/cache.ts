/**
 * A small in-process TTL cache with single-flight: concurrent callers for the same key share one
 * in-flight load, and a fresh value is served from memory until it expires. Failed loads are not
 * cached. Bounded: the oldest entries are dropped past `maxEntries`.
 */
export class SingleFlightCache<V> {
  private readonly values = new Map<string, { value: V; expires: number }>();
  private readonly inflight = new Map<string, Promise<V>>();
  loads = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.values.get(key);
    if (hit && hit.expires > this.now()) return hit.value;
    const pending = this.inflight.get(key);
    if (pending) return pending;
    this.loads++;
    const p = load()
      .then((value) => {
        this.values.delete(key);
        this.values.set(key, { value, expires: this.now() + this.ttlMs });
        if (this.values.size > this.maxEntries) {
          const oldest = this.values.keys().next().value;
          if (oldest !== undefined) this.values.delete(oldest);
        }
        return value;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  invalidate(key: string): void {
    this.values.delete(key);
  }
}
