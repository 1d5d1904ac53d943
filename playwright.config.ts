import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/find-chromium.mjs';

const port = Number(process.env.FORMCAST_E2E_PORT ?? 4317);

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.FORMCAST_E2E_JSON
    ? [['list'], ['json', { outputFile: process.env.FORMCAST_E2E_JSON }]]
    : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    browserName: 'chromium',
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
    trace: 'off',
    // Routed requests bypass a service worker's fetch handler; only the PWA tests opt back in.
    serviceWorkers: 'block',
  },
  // The tests run against the built site, as users get it: scripts/test.mjs builds dist/ first.
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort${process.env.FORMCAST_DIST ? ` --outDir ${process.env.FORMCAST_DIST}` : ''}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
