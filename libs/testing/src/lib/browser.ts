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
