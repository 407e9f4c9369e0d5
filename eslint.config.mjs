// ESLint flat config (npm run lint).
// - The packages' and examples' sources: typescript-eslint's type-checked recommended rules, with the
//   type information of each package's own tsconfig.json.
// - Tests and test helpers: the recommended rules without type information (tests are compiled by
//   ts-jest file by file, and are not part of the packages' TypeScript projects).
// - Scripts, bench and the jest config: ESLint's recommended rules for CommonJS on Node.js.
// Formatting is Prettier's job (npm run format:check), so no stylistic rule is enabled here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SOURCES = ['packages/*/src/**/*.ts', 'examples/*/src/**/*.ts'];

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/dist/', 'coverage/', 'bench/results/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  { languageOptions: { globals: globals.node } },
  {
    rules: {
      // `_name` marks a parameter an interface requires but this implementation does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // `const { performance } = require('node:perf_hooks')` names where a global comes from; that is not a redeclaration.
      'no-redeclare': ['error', { builtinGlobals: false }],
      // A server's request handler refers to the object the server is then wrapped in: declared first, assigned once.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: SOURCES,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // String(value) of an arbitrary attribute or option value is the documented output (mappers, error messages).
      '@typescript-eslint/no-base-to-string': 'off',
      // Methods are passed as values only to be inspected or called with .call(); every report was a false positive.
      '@typescript-eslint/unbound-method': 'off',
      // A caught value is rethrown or rejected as it came (typed unknown); new errors are always Errors.
      // An async function without await is how an API promises a Promise and turns a throw into a rejection.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/test/**/*.ts'], languageOptions: { globals: globals.jest } },
);
