/**
 * Layering from shared/ARCHITECTURE.md: imports point only rightwards/downwards along
 *   cli -> bridge -> service/config -> engine | analysis | grading | store | queue | telemetry -> common
 * and a module is entered only through its public index.ts.
 */
const lower = {
  common: [],
  telemetry: ['common'],
  store: ['common'],
  queue: ['common'],
  engine: ['common'],
  analysis: ['common'],
  grading: ['common', 'engine', 'analysis'],
  config: ['common', 'engine', 'analysis', 'grading', 'store', 'queue', 'telemetry'],
  service: ['common', 'config', 'engine', 'analysis', 'grading', 'store', 'queue', 'telemetry'],
  bridge: ['common', 'config', 'service', 'engine', 'analysis', 'grading', 'telemetry'],
  cli: [
    'common',
    'config',
    'bridge',
    'service',
    'engine',
    'analysis',
    'grading',
    'store',
    'queue',
    'telemetry',
  ],
};
const all = Object.keys(lower);
const layerRules = all.map((mod) => {
  const allowed = new Set([mod, ...lower[mod]]);
  const banned = all.filter((m) => !allowed.has(m));
  return {
    name: `layer-${mod}`,
    severity: 'error',
    comment: `${mod} may import only from ${[...allowed].join(', ')}`,
    from: { path: `^src/${mod}/` },
    to: { path: banned.length ? `^src/(${banned.join('|')})/` : '^$' },
  };
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'public-index-only',
      severity: 'error',
      comment: 'Another module is entered only through its index.ts',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/([^/]+)/.+', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
  },
};
