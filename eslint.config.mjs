// Lint: typescript-eslint's recommended rules, React hooks rules for the renderer, and the house's
// import boundaries (architecture.md): renderer ↛ electron/, shared ↛ anything but zod/pinyin-pro,
// only electron/main and electron/preload import 'electron'.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const noElectron = { name: 'electron', message: 'Only electron/main and electron/preload import electron; services must run under plain Node.' };

export default tseslint.config(
  { ignores: ['out/**', 'out-test/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['**/electron/**', 'node:*'], message: 'The renderer talks to the Node side only through window.archive (the contract in shared/).' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!zod(/|$)|pinyin-pro$|\\.)', message: 'shared/ imports only zod and pinyin-pro (pure rules, no Node, no React).' },
            { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ never imports from electron/ or renderer/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.{ts,tsx}'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [{ group: ['**/renderer/**'], message: 'The Node side never imports the renderer.' }] },
      ],
    },
  },
);
