// Lint, including the layering rules that keep the architecture visible:
//   shared/            pure TS: no Node, Electron, DOM or React
//   electron/services, electron/web: plain Node, never `electron`
//   electron/shell/    the only code that may import `electron`
//   renderer/          no Node or Electron; the IPC contract is imported for its types only
//   renderer/src/features/<feature>/  never imports another feature
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const layer = (message, extra = []) => ({
  paths: [...nodeBuiltins.map((name) => ({ name, message })), ...extra],
});

// The renderer's import rules; the features block below extends them.
const rendererImports = {
  ...layer('The renderer has no Node: reach the main side through the bridge.', [
    { name: 'electron', message: 'The renderer reaches main only through the bridge.' },
  ]),
  patterns: [
    { group: ['**/electron/**'], message: 'The renderer never imports main-side code.' },
    { group: ['**/shared/contract', '**/shared/contract/index'], allowTypeImports: true, message: 'The renderer imports the IPC contract for its types only.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'dist-electron/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      // Vitest's config typing is brought in this way (see vitest.config.ts).
      '@typescript-eslint/triple-slash-reference': ['error', { types: 'always' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...layer('shared/ is pure: no Node built-ins.', [
            { name: 'electron', message: 'shared/ is pure: no electron.' },
            { name: 'react', message: 'shared/ is pure: no React.' },
            { name: 'react-dom', message: 'shared/ is pure: no React.' },
            { name: 'undici', message: 'shared/ is pure: no Node libraries.' },
          ]),
          patterns: [{ group: ['**/electron/**', '**/renderer/**'], message: 'shared/ must not depend on main or renderer code.' }],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require', '__dirname', 'localStorage'],
    },
  },
  {
    files: ['electron/services/**/*.ts', 'electron/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only electron/shell/ may import electron; services are plain Node.' }],
          patterns: [
            { group: ['**/renderer/**'], message: 'The main side never imports renderer code.' },
            { group: ['**/shell/**', '**/electron/shell/**'], message: 'Services must not depend on the Electron shell.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', rendererImports],
    },
  },
  {
    // A feature imports the shared layers and shared/, never another feature: what several features
    // need lives in a shared layer, and one feature's UI inside another's is plugged in by app/.
    // (A later block's options replace the renderer's for this rule, so they are repeated here.)
    files: ['renderer/src/features/*/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          ...rendererImports,
          patterns: [
            ...rendererImports.patterns,
            {
              group: ['../*', '../*/**', '!../..', '!../../**'],
              message:
                'Features never import each other: use renderer/src/scim (server state), ui (shared UI), lib, stores, jobs, bridge or shared/; app/ composes features (see ui/ResourcePanels, ui/DetailTabs).',
            },
          ],
        },
      ],
    },
  },
  // Accessibility of the renderer's markup, strict: fixed properly, disabled only with a reason.
  {
    ...jsxA11y.flatConfigs.strict,
    files: ['renderer/**/*.tsx'],
    rules: {
      ...jsxA11y.flatConfigs.strict.rules,
      // A scrolling block must take focus to be scrolled from the keyboard (WCAG 2.1.1, axe's
      // scrollable-region-focusable): allowed as a named region, and on a tab panel as the pattern says.
      'jsx-a11y/no-noninteractive-tabindex': ['error', { tags: [], roles: ['region', 'tabpanel'] }],
      // ui/Select renders a native <select>: a label around it labels that control.
      'jsx-a11y/label-has-associated-control': ['error', { controlComponents: ['Select'] }],
    },
  },
  {
    files: ['**/*.test.{ts,tsx}', 'e2e/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', 'no-empty-pattern': 'off' },
  },
);
