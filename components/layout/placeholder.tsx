/** Marks a route that a later issue fills (listed in the README). */
export function Placeholder({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="rounded-lg bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="mt-2 text-slate-600">{children}</p>
    </section>
  );
}
