/**
 * The layering of src/, providers/ and client/, checked by `npm run lint:layers` (part of
 * `npm test`). docs/architecture.md says what the layers are.
 */
const GATEWAY = '^(src|providers|client)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No module imports, directly or through others, a module that imports it.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment: 'No folder imports, directly or through others, a folder that imports it.',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'root-files-are-the-top',
      severity: 'error',
      comment:
        "A folder's own files are the top of what it holds (entry points, the app, the configuration, the list of kinds): nothing in its subfolders imports them, so a folder's root and its subfolders never import each other.",
      from: { path: '^(src|providers)/[^/]+/', pathNot: '^src/(node|worker)/' },
      to: { path: '^$1/[^/]+$' },
    },
    {
      name: 'runtimes-on-top',
      severity: 'error',
      comment:
        'What only one runtime runs lives in its folder (src/node/, src/worker/), above the app: the shared app never imports it.',
      from: { path: '^(src|providers)/', pathNot: '^src/(node|worker)/' },
      to: { path: '^src/(node|worker)/' },
    },
    {
      name: 'one-runtime-each',
      severity: 'error',
      comment: "Neither runtime's folder imports the other's.",
      from: { path: '^src/(node|worker)/' },
      to: { path: '^src/(node|worker)/', pathNot: '^src/$1/' },
    },
    {
      name: 'node-stays-out-of-the-worker',
      severity: 'error',
      comment:
        "The Worker's graph never reaches a Node-only package or module: undici, pino, prom-client, OpenTelemetry's SDK, the Node HTTP server, node:sqlite (the sandboxes, loaded by a dynamic import in sandbox mode only, are checked on the bundle by `npm run deploy:check`).",
      from: { path: '^src/worker/' },
      to: {
        path: '^(node_modules/(undici|pino|prom-client|@opentelemetry|@hono/node-server)/|src/node/|(node:)?sqlite$)',
        reachable: true,
      },
    },
    {
      name: 'core-is-the-bottom',
      severity: 'error',
      comment:
        'src/core/ is what every layer stands on: it imports nothing of the gateway above it.',
      from: { path: '^src/core/' },
      to: { path: GATEWAY, pathNot: '^src/core/' },
    },
    {
      name: 'adapters-stand-on-the-core',
      severity: 'error',
      comment:
        "A kind's adapter imports the core and its own folder, nothing else of the gateway, and never a sandbox.",
      from: { path: '^providers/([^/]+)/', pathNot: '^providers/(sandbox|[^/]+/sandbox)/' },
      to: { path: GATEWAY, pathNot: '^(src/core/|providers/$1/(?!sandbox/))' },
    },
    {
      name: 'sandboxes-stand-on-the-kit',
      severity: 'error',
      comment:
        "A sandbox speaks its provider's protocol with the sandbox kit alone, not with the adapter it stands in for.",
      from: { path: '^providers/([^/]+)/sandbox/' },
      to: { path: GATEWAY, pathNot: '^providers/(sandbox|$1/sandbox)/' },
    },
    {
      name: 'the-kit-stands-alone',
      severity: 'error',
      comment: 'The sandbox kit knows no provider and nothing of the gateway.',
      from: { path: '^providers/sandbox/' },
      to: { path: GATEWAY, pathNot: '^providers/sandbox/' },
    },
    {
      name: 'kinds-through-the-index',
      severity: 'error',
      comment: 'The app layer reaches provider kinds only through providers/index.ts.',
      from: { path: '^src/' },
      to: { path: '^providers/.+/' },
    },
    {
      name: 'sandboxes-loaded-when-used',
      severity: 'error',
      comment:
        'Outside the sandboxes, a sandbox is loaded only by a dynamic import (sandbox mode), so a configured start never loads one.',
      from: { path: GATEWAY, pathNot: '^providers/(sandbox|[^/]+/sandbox)/' },
      to: {
        path: '^providers/(sandbox|[^/]+/sandbox)/',
        dependencyTypesNot: ['dynamic-import', 'type-only'],
      },
    },
    {
      name: 'the-client-stands-alone',
      severity: 'error',
      comment: 'The typed client is what apps import: it needs nothing of the gateway.',
      from: { path: '^client/' },
      to: { path: '^(src|providers)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
