import { createApiClient } from '@cuntu/api-client';

/** What the map reads before it can draw: the portal's configuration (its basemap), the counties and towns held. */
function readOpening() {
  const api = createApiClient();
  return Promise.all([api.config().catch(() => ({ basemap: null })), api.counties(), api.towns()])
    .then(([config, counties, towns]) => ({ config, counties, towns }));
}

export type OpeningReads = Awaited<ReturnType<typeof readOpening>>;

/**
 * Started as this module is evaluated, when the shell has loaded the map app: the regions (a province's
 * are 1.7 MB) are on their way while the panels mount, not asked for once they have. A logged-in page
 * has asked for the same addresses with its HTML (`MAP_OPENING_READS`), and the browser answers these
 * reads from that.
 */
let early: Promise<OpeningReads> | null = readOpening();
early.catch(() => undefined);

/**
 * The opening reads for a map being mounted: the first mount takes those started early (asked again
 * if they failed: read before the login, say); every later mount reads afresh.
 */
export function takeOpeningReads(): Promise<OpeningReads> {
  const taken = early;
  early = null;
  return taken ? taken.catch(readOpening) : readOpening();
}
