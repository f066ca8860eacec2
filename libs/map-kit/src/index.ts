export { createOfflineStyle, LOCAL_IDEOGRAPH_FONT_FAMILY, REGION_SOURCES, REGION_COLOURS } from './lib/offline-style';
export { boundsOf } from './lib/bounds';
export { seatLabelPoints } from './lib/label-points';
