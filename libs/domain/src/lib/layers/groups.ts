import { z } from 'zod';
import { code, count, defineLayer, optional, text } from './define';

/** 自然村（组）: natural villages, at their settlement point; judged for a paved road to the group. */
export const groupsLayer = defineLayer({
  team: 'admin', geometry: 'Point', geometryProperty: 'settlement', key: 'code', labelProperty: 'name', regionProperties: ['villageCode'],
  verdicts: { subject: 'group' },
  properties: z.object({
    code: code(15), villageCode: code(12), name: text(), households: optional(count), population: optional(count),
  }).strict(),
  list: ['code', 'name', 'villageCode', 'households', 'population'],
  map: { planner: true, shownAtStart: false },
});
