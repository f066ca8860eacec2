import { z } from 'zod';
import { VILLAGE_KINDS } from '../enums';
import { code, defineLayer, text } from './define';

/** 行政村: administrative villages, at their committee point; judged by the exit rules. */
export const villagesLayer = defineLayer({
  team: 'admin', geometry: 'Point', geometryProperty: 'committee', key: 'code', labelProperty: 'name', regionProperties: ['code'],
  verdicts: { subject: 'village' },
  properties: z.object({ code: code(12), townCode: code(12), name: text(), kind: z.enum(VILLAGE_KINDS) }).strict(),
  list: ['code', 'name', 'kind', 'townCode'],
  map: { planner: true, shownAtStart: true },
});
