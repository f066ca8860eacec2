import sharp from 'sharp';

/** Degrees as EXIF writes them: degrees, minutes, hundredths of seconds. */
const dms = (deg: number) => {
  const d = Math.floor(deg);
  const m = Math.floor((deg - d) * 60);
  const s = Math.round(((deg - d) * 60 - m) * 60 * 100);
  return `${d}/1 ${m}/1 ${s}/100`;
};

/** When the test phone says its photos were taken. */
export const PHONE_PHOTO_TAKEN_AT = '2025-06-01 09:30:15';

/**
 * A phone's photo: a JPEG whose EXIF holds the camera's time (`PHONE_PHOTO_TAKEN_AT`) and, when given,
 * where it stood (longitude, latitude; north and east). `grain` adds sensor noise, so that a
 * 4000 × 3000 photo weighs what a phone's does (about 4 MB) rather than a few kilobytes of flat colour.
 */
export function phonePhoto(at?: [number, number], { size = [1600, 1200], colour = '#8a7', grain = 0 }: { size?: [number, number]; colour?: string; grain?: number } = {}): Promise<Buffer> {
  const [width, height] = size;
  const base = grain ? sharp({ create: { width, height, channels: 3, background: colour, noise: { type: 'gaussian', mean: 128, sigma: grain } } }) : sharp({ create: { width, height, channels: 3, background: colour } });
  return base
    .withExif({
      IFD0: { Make: 'Cuntu test phone' }, IFD2: { DateTimeOriginal: PHONE_PHOTO_TAKEN_AT.replace(/-/g, ':') },
      ...(at ? { IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(at[1]), GPSLongitudeRef: 'E', GPSLongitude: dms(at[0]) } } : {}),
    })
    .jpeg({ quality: 80 })
    .toBuffer();
}
