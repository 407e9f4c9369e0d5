/**
 * One jest run covers every package's unit tests and the end-to-end tests.
 * Workspace imports resolve to TypeScript sources so unit tests need no build; tests that spawn
 * child processes run the compiled `dist/` output, which `npm test` builds first.
 * The global setup builds the real backends once (cached); e2e test files start their own on free
 * 127.0.0.1 ports.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // test/ holds the helpers every package's tests share (the recording server, temp dirs) and their tests.
  roots: ['<rootDir>/packages', '<rootDir>/examples', '<rootDir>/test'],
  testMatch: ['**/test/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  moduleNameMapper: {
    '^@agent-otel/(genai|capture|node|cli)$': '<rootDir>/packages/$1/src/index.ts',
    '^@agent-otel/genai/attributes$': '<rootDir>/packages/genai/src/attributes.ts',
    '^@agent-otel/capture/internal$': '<rootDir>/packages/capture/src/internal.ts',
  },
  modulePathIgnorePatterns: ['<rootDir>/packages/.*/dist', '<rootDir>/examples/.*/dist'],
  globalSetup: '<rootDir>/scripts/jest/global-setup.js',
  globalTeardown: '<rootDir>/scripts/jest/global-teardown.js',
  testTimeout: 60000,
  maxWorkers: 2,
};
