// Two projects: pure unit specs beside the code, and e2e specs that each get a fresh PostgreSQL
// database (embedded server started once in globalSetup, or the server at TEST_DATABASE_URL).
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
};
const base = { moduleFileExtensions: ['ts', 'js', 'json'], testEnvironment: 'node', transform };

module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  // e2e files start an app on a fresh database; jest 29 takes the timeout at the top level only.
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
