// ESLint 9 flat config: the recommended rules of ESLint and typescript-eslint, syntactic only (no
// type information, so a full run takes seconds), with formatting left to prettier:
// eslint-config-prettier, last, turns off every rule that would fight it.
// `npm run lint` checks both; `npm run format` fixes what they can.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'test-artifacts/', 'bench/results/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A `_`-prefixed name is unused on purpose (a parameter an interface imposes, a skipped item).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Matching control characters is how this server rejects them in untrusted input
      // (redirect paths, header values), always written as escapes, never as raw characters.
      'no-control-regex': 'off',
    },
  },
  {
    // The tests read JSON answers of any shape (`res.json.error`): typing each one would say
    // nothing the assertions do not already check.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
);
