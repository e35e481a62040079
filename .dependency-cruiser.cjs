/**
 * The floors of the code base, checked in CI by `npm run arch` (dependency-cruiser): a new arrow up a
 * floor or a new import circle fails the build. README "Architecture" draws the same picture.
 *
 *   app → components → lib → db        (pages and route handlers on top, the schema at the bottom)
 *   lib/root                            the composition root: wires features (jobs, payment routing, audit);
 *                                       features never import it, only app/, scripts/ and tests do
 *   protocol/                           the wire protocols (provider, payment gateway): the only code the
 *                                       portal and the sandbox share; imports nothing of ours
 *   sandbox/                            the provider's stand-in, its own process: imports only protocol/
 *   scripts/ bench/ tests/ e2e/         may use any floor; tests never import scripts/
 */
const TEST = '(\\.test\\.tsx?|\\.int\\.tsx?|\\.spec\\.tsx?)$';
const PORTAL = '^(app|components|lib|db)/';

/** [name, why, from, to]: each an arrow the floors forbid. */
const FORBIDDEN = [
  [
    'components-not-app',
    'components/ is below app/: a component takes what it needs as props or from lib/.',
    { path: '^components/' },
    { path: '^app/' },
  ],
  [
    'lib-not-up',
    'lib/ is below app/ and components/, and product code never imports scripts, tests or benches.',
    { path: '^lib/' },
    { path: '^(app|components|scripts|tests|e2e|bench)/' },
  ],
  [
    'db-not-up',
    'db/ is the bottom floor: the env it needs is passed in or read by db/env.ts.',
    { path: '^db/' },
    { path: '^(app|components|lib|scripts|tests|e2e|bench)/' },
  ],
  [
    'features-not-root',
    'lib/root wires the features; a feature importing it would make a circle through the root.',
    { path: '^lib/(?!root/)', pathNot: TEST },
    { path: '^lib/root/' },
  ],
  [
    'protocol-imports-nothing-of-ours',
    'protocol/ is shared by the portal and the sandbox: it stands on nothing else of ours.',
    { path: '^protocol/' },
    { path: '^(app|components|lib|db|sandbox|scripts|tests|e2e|bench)/' },
  ],
  [
    'sandbox-only-protocol',
    'The sandbox is the provider: it shares the wire protocol with the portal, never its rules.',
    { path: '^sandbox/', pathNot: TEST },
    { path: PORTAL },
  ],
  [
    'portal-not-sandbox',
    'The portal reaches the sandbox over HTTP only, like a real provider.',
    { path: PORTAL, pathNot: TEST },
    { path: '^sandbox/' },
  ],
  [
    'adapters-behind-the-port',
    'Only lib/provider (its registry) builds adapters: the portal asks the port and its capabilities, never a provider by its wire.',
    { path: PORTAL, pathNot: `^lib/provider/|^lib/reconcile/statement\\.ts$|${TEST}` },
    { path: '^lib/provider/adapters/' },
  ],
  [
    'adapters-apart',
    'Each adapter knows only its own protocol: one provider folder never imports another.',
    { path: '^lib/provider/adapters/([^/]+)/' },
    { path: '^lib/provider/adapters/', pathNot: '^lib/provider/adapters/$1/' },
  ],
  [
    'wire-only-in-adapters',
    "A provider's wire format and signing are read and written by its adapter (and the sandbox) only.",
    { path: PORTAL, pathNot: `^lib/provider/adapters/|${TEST}` },
    { path: '^protocol/(panhe|juhe)/(wire|sign)\\.ts$' },
  ],
  // A script's own test (scripts/*.int.test.ts) may import the script it tests.
  [
    'tests-not-scripts',
    'Test harnesses share set-up through tests/support, not through the scripts that use it too.',
    { path: `(^tests/|^e2e/|^(?!scripts/).*${TEST})` },
    { path: '^scripts/' },
  ],
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import circle: two modules that need each other belong together, or one needs a lower home.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...FORBIDDEN.map(([name, comment, from, to]) => ({ name, comment, severity: 'error', from, to })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|\\.next|\\.data|test-results|playwright-report)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
