import { createHash } from 'node:crypto';

/**
 * The ETag of a record kept beside a feature (a source's served groups or service area, a site's
 * footprint): a letter naming the kind of record, then a short hash of what is stored.
 */
export const recordEtag = (kind: string, stored: string) => `"${kind}${createHash('sha1').update(stored).digest('hex').slice(0, 16)}"`;
