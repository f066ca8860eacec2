import { describe, expect, it } from 'vitest';
import { pointsInside } from './point-picker';

describe('lasso', () => {
  it('picks the points inside a drawn polygon, and none on the outside', () => {
    const points = [
      { key: 'in-a', coordinates: [120.1, 42.1] as [number, number] },
      { key: 'in-b', coordinates: [120.9, 42.9] as [number, number] },
      { key: 'out', coordinates: [121.5, 42.5] as [number, number] },
    ];
    const square = { type: 'Polygon' as const, coordinates: [[[120, 42], [121, 42], [121, 43], [120, 43], [120, 42]]] as Array<Array<[number, number]>> };
    expect(pointsInside(points, square)).toEqual(['in-a', 'in-b']);
  });
});
