import Link from 'next/link';
import type { ReactNode } from 'react';

/**
 * A page's main column: its h1, with `back` (a link to where the page belongs, e.g. 我的行程) at the
 * end of the title row when given, then the page's parts one below the other.
 */
export function PageSection({
  title,
  back,
  children,
}: {
  title: string;
  back?: { href: string; label: string };
  children: ReactNode;
}) {
  const heading = <h1 className="text-2xl font-semibold">{title}</h1>;
  return (
    <section className="flex flex-col gap-4">
      {back ? (
        <div className="flex flex-wrap items-center justify-between gap-2">
          {heading}
          <Link href={back.href} className="text-sm text-brand-700 underline">
            {back.label}
          </Link>
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
  );
}
