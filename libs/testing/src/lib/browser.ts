import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_USERS } from '@cuntu/auth';
import { PNG } from 'pngjs';

/** Debian's Chromium; never a downloaded browser. Override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for headless Chromium with software WebGL (SwiftShader) on a closed network. */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Launches Debian's Chromium headless; Playwright gives each launch a fresh temporary profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Logs in through the portal's login page (a demo user's password unless one is given); the caller
 * waits for what should follow (the map, or the change-password form).
 */
export async function logInThroughPage(page: Page, portalUrl: string, username: string, password?: string): Promise<void> {
  const secret = password ?? DEMO_USERS.find((u) => u.username === username)?.password;
  if (!secret) throw new Error(`no password for ${username}`);
  await page.goto(`${portalUrl}/`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', secret);
  await page.click('button[type="submit"]');
}

/**
 * A team app opened as one of its users: a new 1440 × 1000 page logs in, goes to the app's path and
 * waits until the workspace's map (`workspace`: the layer's `data-layer-workspace`) has drawn.
 */
export async function openTeamWorkspace(browser: Browser, portalUrl: string, username: string, app: string, workspace: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  await logInThroughPage(page, portalUrl, username);
  await page.waitForSelector('[data-testid="current-user"]');
  await page.goto(`${portalUrl}/${app}`);
  await page.waitForSelector(`[data-layer-workspace="${workspace}"] [data-testid="team-map"][data-map-state="idle"]`, { timeout: 45_000 });
  return page;
}

/** How varied a PNG is: the number of distinct colours (sampled), and the share taken by the commonest one. */
export function screenshotVariety(png: Buffer): { colours: number; dominantShare: number } {
  const image = PNG.sync.read(png);
  const counts = new Map<number, number>();
  let samples = 0;
  for (let i = 0; i < image.data.length; i += 4 * 7) {
    const key = (image.data[i] << 16) | (image.data[i + 1] << 8) | image.data[i + 2];
    counts.set(key, (counts.get(key) ?? 0) + 1);
    samples++;
  }
  return { colours: counts.size, dominantShare: Math.max(...counts.values()) / samples };
}

/**
 * Where a longitude / latitude is drawn on a MapLibre map in the page, in page pixels: read from the
 * map element's `data-view` (`lon,lat,zoom`, as the team maps publish it) and its box, by Web
 * Mercator with MapLibre's 512-pixel world at zoom 0.
 */
export async function mapPixel(page: Page, mapSelector: string, [lon, lat]: [number, number]): Promise<{ x: number; y: number }> {
  const element = page.locator(mapSelector);
  const [box, view] = await Promise.all([element.boundingBox(), element.getAttribute('data-view')]);
  if (!box || !view) throw new Error(`${mapSelector} has no box or no data-view`);
  const [cLon, cLat, zoom] = view.split(',').map(Number);
  const world = 512 * 2 ** zoom;
  const x = (l: number) => ((l + 180) / 360) * world;
  const y = (p: number) => ((1 - Math.log(Math.tan(Math.PI / 4 + (p * Math.PI) / 360)) / Math.PI) / 2) * world;
  return { x: box.x + box.width / 2 + x(lon) - x(cLon), y: box.y + box.height / 2 + y(lat) - y(cLat) };
}

/**
 * An import through a team app's wizard as an editor does it: opens it, picks a file with one bad row,
 * reads the dry run (nothing written, commit refused, exactly that row and field reported), picks the
 * corrected file, dry-runs it clean and commits. `look.mapped` and `look.reported` look at the first
 * mapping screen and at the report. Returns the wizard's closing message.
 */
export async function importWithOneCorrection(
  page: Page,
  file: { name: string; mimeType: string; bad: string; fixed: string },
  problem: { row: number; field: string },
  look: { mapped?: () => Promise<void>; reported?: () => Promise<unknown> } = {},
): Promise<string> {
  await page.click('[data-testid="open-import"]');
  const pick = (content: string) => page.setInputFiles('input[name="import-file"]', { name: file.name, mimeType: file.mimeType, buffer: Buffer.from(content) });
  await pick(file.bad);
  await page.waitForSelector('[data-testid="import-mapping"]');
  await look.mapped?.();
  await page.click('[data-testid="import-dry-run"]');
  await page.waitForSelector('[data-testid="import-refused"]');
  if (!(await page.isDisabled('[data-testid="import-commit"]'))) throw new Error('commit offered for a file with errors');
  const reported = await page.getAttribute('[data-testid="import-report"]', 'data-invalid');
  const rows = await page.locator(`[data-testid="import-report"] tr[data-row="${problem.row}"][data-field="${problem.field}"]`).count();
  if (reported !== '1' || rows !== 1) throw new Error(`expected one problem, row ${problem.row} ${problem.field}; the report has ${reported} invalid, ${rows} such rows`);
  await look.reported?.();
  await pick(file.fixed);
  await page.waitForSelector('[data-testid="import-mapping"]');
  await page.click('[data-testid="import-dry-run"]');
  await page.waitForSelector('[data-testid="import-wizard"][data-clean="true"]');
  await page.click('[data-testid="import-commit"]');
  // Done, or failed: a failed commit says why, rather than waiting out the time.
  await page.waitForSelector('[data-testid="import-done"], [data-testid="import-failed"]', { timeout: 60_000 });
  const failed = await page.$('[data-testid="import-failed"]');
  if (failed) throw new Error(`the import failed: ${await failed.textContent()}`);
  return (await page.textContent('[data-testid="import-done"]')) ?? '';
}

/**
 * Places a house from the housing workspace's "to place" queue as an editor does: opens the first one
 * (the map jumps to it), edits it, drags the point `dx` pixels east and saves. The drag is tried again
 * while the save stays disabled (the map may still be settling when the point is first grabbed).
 * Returns the id placed; `at` gives a feature's stored position (from the API).
 */
export async function placeFirstQueuedHouse(page: Page, at: (id: number) => Promise<[number, number]>, dx = 60): Promise<number> {
  const item = page.locator('[data-testid="houses-to-place"] li[data-to-place]').first();
  const id = Number(await item.getAttribute('data-to-place'));
  await item.locator('a').click();
  await page.waitForSelector('[data-testid="selected-name"]');
  await page.click('[data-testid="edit-feature"]');
  await page.waitForSelector('[data-testid="feature-form"]');
  const position = await at(id);
  for (let attempt = 0; attempt < 3 && !(await page.isEnabled('[data-testid="feature-save"]')); attempt++) {
    await page.waitForTimeout(500);
    const start = await mapPixel(page, '[data-testid="team-map"]', position);
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (let step = 1; step <= 6; step++) await page.mouse.move(start.x + (step * dx) / 6, start.y);
    await page.mouse.up();
  }
  await page.click('[data-testid="feature-save"]');
  await page.waitForSelector('[data-testid="save-message"]');
  return id;
}
