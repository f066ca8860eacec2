import nx from '@nx/eslint-plugin';
import vue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

/**
 * Lint for the whole workspace. The module-boundary rule is what keeps dependencies pointing one way:
 * apps → libs, never lib → app; web code never reaches server code (the db lib) and vice versa;
 * `ui` depends only on `ui`, `util` and `domain`. Each app's browser journeys (the `e2e` folder of each app) are a project
 * of their own, tagged `scope:e2e` / `type:e2e`, linted with the same rule.
 */
const TYPE_RULES = {
  'type:app': ['type:data-access', 'type:ui', 'type:util', 'type:domain'],
  'type:data-access': ['type:data-access', 'type:util', 'type:domain'],
  'type:ui': ['type:ui', 'type:util', 'type:domain'],
  'type:util': ['type:util', 'type:domain'],
  'type:domain': ['type:domain'],
  'type:testing': ['type:data-access', 'type:util', 'type:domain', 'type:testing'],
  // Browser journeys drive a whole portal from outside: fixtures, server-side helpers and shared data, never an app's code.
  'type:e2e': ['type:testing', 'type:data-access', 'type:util', 'type:domain'],
};

/** The dependency constraints; `forTests` lets test files use type:testing libs too. */
function moduleBoundaries(forTests) {
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'] },
      { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:server', 'scope:web', 'scope:shared'] },
      ...Object.entries(TYPE_RULES).map(([sourceTag, tags]) => ({
        sourceTag,
        onlyDependOnLibsWithTags: forTests ? [...new Set([...tags, 'type:testing'])] : tags,
      })),
    ],
  };
}

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/data', '**/migrations'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
  },
  {
    files: ['**/*.ts', '**/*.vue', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries(false)],
      'vue/multi-word-component-names': 'error',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Tests may also use the shared fixtures of type:testing libs; shipped code may not. Benchmarks drive
    // the portal as tests do, with the same fixtures (files made the way county offices make them).
    files: ['**/*.test.ts', 'tools/bench/src/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', moduleBoundaries(true)] },
  },
  {
    // The web apps talk to the API through the client typed from its contract, never a raw fetch.
    files: ['apps/{shell,map,infrastructure,housing,water}/src/**/*.{ts,vue}', 'libs/{edit-kit,map-kit,ui}/src/**/*.{ts,vue}'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-globals': ['error', { name: 'fetch', message: 'Call the API through @cuntu/api-client (typed from @cuntu/api-contract).' }] },
  },
  {
    // Vue entry components named by convention (App.vue) are the only single-word names allowed.
    files: ['apps/*/src/App.vue'],
    rules: { 'vue/multi-word-component-names': 'off' },
  },
];
