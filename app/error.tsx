'use client';

import { ErrorPanel } from '@/components/layout/error-panel';

/** An unexpected error in a page, shown inside the site's layout (header, fonts). */
export default function ErrorPage(props: { error: unknown; retry: () => void }) {
  return <ErrorPanel {...props} />;
}
