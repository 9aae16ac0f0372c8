import { defineConfig } from 'vitest/config';

export default defineConfig({
  // amazon-cognito-identity-js reaches for Node's `global`.
  define: { global: 'globalThis' },
  build: { outDir: 'dist', target: 'es2022', sourcemap: true },
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
