import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Sandbox tests fork real jails; two cores are shared by every file.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
// eslint-disable-next-line no-restricted-syntax
export default config;
