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

/** A phone's photo: a JPEG whose EXIF holds the camera's time (`PHONE_PHOTO_TAKEN_AT`) and, when given, where it stood (longitude, latitude; north and east). */
export function phonePhoto(at?: [number, number], size: [number, number] = [1600, 1200], colour = '#8a7'): Promise<Buffer> {
  return sharp({ create: { width: size[0], height: size[1], channels: 3, background: colour } })
    .withExif({
      IFD0: { Make: 'Cuntu test phone' }, IFD2: { DateTimeOriginal: PHONE_PHOTO_TAKEN_AT.replace(/-/g, ':') },
      ...(at ? { IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(at[1]), GPSLongitudeRef: 'E', GPSLongitude: dms(at[0]) } } : {}),
    })
    .jpeg({ quality: 80 })
    .toBuffer();
}
