import { defineConfig } from 'vitest/config'

// One runner for unit, integration, conformance and browser tests. Two workers: CI has two cores.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
})
