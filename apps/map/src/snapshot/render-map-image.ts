import * as maplibregl from 'maplibre-gl';
import { CSS_DPI, MM_PER_INCH, metresPerCssPixel, type Rect } from '@cuntu/briefing';
import { LOCAL_IDEOGRAPH_FONT_FAMILY } from '@cuntu/map-kit';

export interface MapImage {
  canvas: HTMLCanvasElement;
  /** The extent the image shows: [west, south, east, north]. */
  bounds: [number, number, number, number];
  /** Ground metres per millimetre of the printed map, at the centre of the view. */
  metresPerMm: number;
  release(): void;
}

/**
 * Renders what the map shows (same style, layers, colours and extent) off screen, at the size of the
 * page's map frame and the page's resolution: a print map of `frame` millimetres at `dpi`.
 */
export async function renderMapImage(map: maplibregl.Map, frame: Rect, dpi: number): Promise<MapImage> {
  const container = document.createElement('div');
  const cssWidth = (frame.w / MM_PER_INCH) * CSS_DPI;
  const cssHeight = (frame.h / MM_PER_INCH) * CSS_DPI;
  Object.assign(container.style, { position: 'fixed', left: '-20000px', top: '0', width: `${cssWidth}px`, height: `${cssHeight}px` });
  document.body.append(container);
  const b = map.getBounds();
  const print = new maplibregl.Map({
    container,
    style: map.getStyle(),
    bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
    fitBoundsOptions: { padding: 0 },
    pixelRatio: dpi / CSS_DPI,
    maxCanvasSize: [8192, 8192],
    interactive: false,
    attributionControl: false,
    fadeDuration: 0,
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
    localIdeographFontFamily: LOCAL_IDEOGRAPH_FONT_FAMILY,
  });
  const release = () => {
    print.remove();
    container.remove();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      print.once('idle', () => resolve());
      print.once('error', (e) => reject((e as unknown as { error?: Error }).error ?? new Error('map error')));
    });
    const pb = print.getBounds();
    const metresPerMm = metresPerCssPixel(print.getZoom(), print.getCenter().lat) * (CSS_DPI / MM_PER_INCH);
    return { canvas: print.getCanvas(), bounds: [pb.getWest(), pb.getSouth(), pb.getEast(), pb.getNorth()], metresPerMm, release };
  } catch (e) {
    release();
    throw e;
  }
}
