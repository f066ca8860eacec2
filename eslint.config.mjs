import nx from '@nx/eslint-plugin';
import vue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

/**
 * Lint for the whole workspace. The module-boundary rule is what keeps dependencies pointing one way:
 * apps → libs, never lib → app; web code never reaches server code (the db lib) and vice versa;
 * `ui` depends only on `ui`, `util` and `domain`.
 */
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
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'] },
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:data-access', 'type:ui', 'type:util', 'type:domain', 'type:testing'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:domain'] },
            { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'type:util', 'type:domain'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:domain'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:domain', 'type:testing'] },
          ],
        },
      ],
      'vue/multi-word-component-names': 'error',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Vue entry components named by convention (App.vue) are the only single-word names allowed.
    files: ['apps/*/src/App.vue'],
    rules: { 'vue/multi-word-component-names': 'off' },
  },
];
