/**
 * The zoom from which vector tiles carry every feature (a house or a well can be picked one by one);
 * below it they are generalised. Maps ask for no deeper tiles: they draw these magnified.
 */
export const FULL_DETAIL_ZOOM = 14;
