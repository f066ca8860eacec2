import { MAP_OPENING_READS } from '@cuntu/api-contract';
import { createApiClient } from '@cuntu/api-client';

/** What the map reads before it can draw: the portal's configuration (its basemap), the counties and towns held. */
function readOpening() {
  const api = createApiClient();
  return Promise.all([api.config().catch(() => ({ basemap: null })), api.counties(), api.towns()])
    .then(([config, counties, towns]) => ({ config, counties, towns }));
}

export type OpeningReads = Awaited<ReturnType<typeof readOpening>>;

/**
 * Whether the page came naming the opening reads for the browser to fetch with it: the shell's page
 * does for a reader with a session. Without one (the login page) the reads would only be refused.
 */
export function pageNamesOpeningReads(page: Pick<Document, 'querySelectorAll'> | undefined = globalThis.document): boolean {
  if (!page) return false;
  const named = new Set([...page.querySelectorAll('link[rel="preload"][as="fetch"]')].map((link) => link.getAttribute('href')));
  return MAP_OPENING_READS.every((address) => named.has(address));
}

/**
 * Started as this module is evaluated, when the shell has loaded the map app on a page that names them:
 * the regions (a province's are 1.7 MB) are on their way while the panels mount, not asked for once
 * they have, and the browser answers them from what the page's links fetched.
 */
let early: Promise<OpeningReads> | null = pageNamesOpeningReads() ? readOpening() : null;
early?.catch(() => undefined);

/**
 * The opening reads for a map being mounted: the first mount takes those started early (asked again
 * if they failed: a session that had ended, say); every later mount, or one on a page that named none, reads afresh.
 */
export function takeOpeningReads(): Promise<OpeningReads> {
  const taken = early;
  early = null;
  return taken ? taken.catch(readOpening) : readOpening();
}
