import { phonePhoto } from '@cuntu/testing';

/** The `i`-th photo a phone would take in the benches: 4000 × 3000 JPEG with EXIF (time and place), about 4 MB of grain. */
export const benchPhoto = (i: number) => phonePhoto([111.5 + i / 1000, 42.3], { size: [4000, 3000], grain: 28 });
