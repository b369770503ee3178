import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Astro-related code (astro/zod, satteri) must run in Node, not a DOM emulation.
    environment: 'node',
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
