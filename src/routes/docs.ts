/**
 * Swagger UI at /docs, with every asset served by the gateway itself: internal networks
 * have no CDN. On Node the files come from swagger-ui-dist through `assets`; on the Worker
 * from Workers static assets, which answer before the Worker runs.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../core/env.ts';

/** Serves one swagger-ui-dist file by name, or null when there is no such file. */
export type DocsAssets = (file: string) => Promise<Response | null>;

export const DOCS_ASSET_FILES = [
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'favicon-32x32.png',
  'favicon-16x16.png',
] as const;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>callgate API</title>
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

// validatorUrl null: the default badge would call a public validator from the browser.
// Audio: Swagger UI shows an audio answer as an <audio> element pointed at the request's
// URL, which the element fetches again without the API key (a 401). Marked as a download
// instead, the bytes already fetched with the key are offered as "Download file", and play
// from there; a signed link (POST …/audio-links) is what plays in a page with no key.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  persistAuthorization: true,
  responseInterceptor: (response) => {
    const headers = response.headers || {};
    if (response.ok && /^audio\\//i.test(headers['content-type'] || '')) {
      const disposition = headers['content-disposition'] || 'inline';
      headers['content-disposition'] = disposition.replace(/^inline/i, 'attachment');
      response.headers = headers;
    }
    return response;
  },
});
`;

const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'";

export function docsRouter(assets?: DocsAssets) {
  const router = new Hono<AppEnv>();
  router.get('/docs', (c) => c.html(PAGE, 200, { 'content-security-policy': CSP }));
  router.get('/docs/init.js', (c) =>
    c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );
  if (assets) {
    router.get('/docs/assets/:file', async (c) => {
      const file = c.req.param('file');
      if (!(DOCS_ASSET_FILES as readonly string[]).includes(file)) return c.notFound();
      return (await assets(file)) ?? c.notFound();
    });
  }
  return router;
}
