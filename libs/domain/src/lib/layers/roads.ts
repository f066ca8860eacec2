import { z } from 'zod';
import { ROAD_CLASSES, ROAD_EXEMPTIONS, ROAD_SURFACES } from '../enums';
import { code, defineLayer, optional, text } from './define';

/** 道路: road segments; a route is a chain of segments whose ends meet. */
export const roadsLayer = defineLayer({
  team: 'roads', geometry: 'LineString', geometryProperty: 'geom', key: 'id', labelProperty: 'name', countyProperty: 'countyCode', regionProperties: ['villageCode', 'countyCode'],
  verdicts: { subject: 'road' },
  properties: z.object({
    externalId: optional(text(100)), countyCode: optional(code(12)), villageCode: optional(code(12)), name: optional(text()),
    roadClass: z.enum(ROAD_CLASSES), surface: optional(z.enum(ROAD_SURFACES)), widthM: optional(z.number().positive().max(100)),
    exemption: optional(z.enum(ROAD_EXEMPTIONS)), buildYear: optional(z.number().int().min(1900).max(2100)), project: optional(text(500)),
  }).strict(),
  list: ['name', 'roadClass', 'surface', 'widthM', 'exemption', 'buildYear'],
  map: { planner: true, shownAtStart: true },
});
