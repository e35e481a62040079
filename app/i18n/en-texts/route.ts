// The English catalogue of server texts for client components (lib/i18n/catalogue.ts): public, the
// same for everyone, built once; its address carries the content's hash, so browsers keep it.
import { EN_TEXTS_SCRIPT } from '@/lib/i18n/catalogue';

export const dynamic = 'force-static';

export function GET(): Response {
  return new Response(EN_TEXTS_SCRIPT, {
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    },
  });
}
