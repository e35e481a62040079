/** The loading.tsx of a page that waits on the provider: its heading at once, and what it waits for. */
export function PageLoading({ title, waiting }: { title: string; waiting: string }) {
  return (
    <section className="flex flex-col gap-5" aria-busy="true">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p role="status" className="rounded-lg bg-white p-4 text-slate-600 shadow-sm">
        {waiting}
      </p>
    </section>
  );
}
