import { describe, expect, it } from 'vitest';
import { nearestVertex } from './drawing';

describe('snapping', () => {
  // A flat projection: one degree is 100 pixels.
  const map = { project: ([lon, lat]: [number, number]) => ({ x: lon * 100, y: -lat * 100 }) } as never;
  const targets: Array<[number, number]> = [[120, 42], [120.05, 42], [121, 43]];

  it('moves a click onto the nearest vertex of the layer within the tolerance, and leaves it alone beyond', () => {
    expect(nearestVertex(map, { x: 12001, y: -4201 }, targets, 12)).toEqual([120, 42]);
    expect(nearestVertex(map, { x: 12004, y: -4200 }, targets, 12)).toEqual([120.05, 42]);
    expect(nearestVertex(map, { x: 12030, y: -4200 }, targets, 12)).toBeUndefined();
    expect(nearestVertex(map, { x: 12003, y: -4201 }, [], 12)).toBeUndefined();
  });
});
