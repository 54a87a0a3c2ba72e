/**
 * The import rules, checked by `npm run lint:deps` (part of `npm run lint`). Production
 * modules only: tests and their support files sit above everything and may import anything.
 * scripts/dependency-rules.test.ts plants a violating import for each rule and sees it fail.
 */

/** Route wiring below app/: the only modules outside lib/http that may import it (none today). */
const ROUTE_WIRING = [];

const TEST_CODE = '(\\.test\\.tsx?|\\.bench\\.ts|/test-support\\.ts|/test-fixtures\\.ts)$';

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycle',
      comment:
        'lib/* and components/* folders form layers: none may import (through any chain) a folder that imports it.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(lib|components)/' },
      to: { path: '^(lib|components)/', circular: true },
    },
    {
      name: 'app-only-from-app',
      comment:
        'app/ is the top layer: lib and components never import it (a page passes its server actions in as props).',
      severity: 'error',
      from: { path: '^(lib|components)/' },
      to: { path: '^app/' },
    },
    {
      name: 'no-module-cycle',
      comment:
        'No module imports itself through a chain of runtime imports (type-only imports are erased, so they may loop).',
      severity: 'error',
      from: { path: '^(lib|app|components)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'http-only-from-route-wiring',
      comment:
        'lib/http is the route layer: app/ uses it; modules below app/ (lib, components) may not, except route wiring.',
      severity: 'error',
      from: {
        path: '^(lib|components)/',
        pathNot: ['^lib/http/', ...ROUTE_WIRING.map((file) => `^${file}$`)],
      },
      to: { path: '^lib/http/' },
    },
    {
      name: 'local-stripe-self-contained',
      comment:
        'lib/local-stripe is a library: it imports nothing from the app (npm packages and Node are fine).',
      severity: 'error',
      from: { path: '^lib/local-stripe/' },
      to: { pathNot: ['^lib/local-stripe/', '(^|/)node_modules/'], dependencyTypesNot: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)\\.next', '(^|/)\\.data/', TEST_CODE] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
