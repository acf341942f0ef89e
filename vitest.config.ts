import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The bot must behave the same whatever the server's time zone: run the suite far from Beijing.
    env: { TZ: 'America/Los_Angeles' },
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
