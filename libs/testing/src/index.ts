export { openTestDatabase, TEST_DRIVERS, TEMPLATE_SEED, PGLITE_TEMPLATE_DIR, serverTemplateName, withDatabaseName } from './lib/test-database';
export type { TestDatabase, TestDatabaseOptions } from './lib/test-database';
export { launchChromium, logInThroughPage, mapPixel, screenshotVariety, CHROMIUM_PATH } from './lib/browser';
export { startPortal, freePort } from './lib/portal-process';
export type { RunningPortal } from './lib/portal-process';
export { authHeaderFor } from './lib/login';
export type { Requester } from './lib/login';
export { pdfText } from './lib/pdf-text';
