import { defineConfig } from 'vitest/config';

// One `vitest run` for the whole workspace: server tests in Node against real PGlite, PostgreSQL,
// Redis, sockets and a browser; dashboard component tests in happy-dom; the contract's drift test.
export default defineConfig({
  test: {
    projects: ['packages/*'],
    // Database, socket and browser tests start real servers: two workers on this 2-core machine.
    maxWorkers: 2,
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]] : ['default'],
  },
});
