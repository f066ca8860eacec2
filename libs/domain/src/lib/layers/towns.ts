import { z } from 'zod';
import { TOWN_KINDS } from '../enums';
import { code, defineLayer, text } from './define';

/**
 * 乡镇（苏木）: towns, at their seat; their boundaries come from a boundary file (the towns import), and a
 * town from a code list has neither until one is placed or imported. Not judged themselves.
 */
export const townsLayer = defineLayer({
  team: 'admin', geometry: 'Point', geometryProperty: 'seat', key: 'code', labelProperty: 'name', countyProperty: 'countyCode', regionProperties: ['code'],
  verdicts: null,
  properties: z.object({ code: z.string().regex(/^\d{9}000$/, 'validation.townCode'), countyCode: code(12), name: text(), kind: z.enum(TOWN_KINDS) }).strict(),
  list: ['code', 'name', 'kind', 'countyCode'],
  map: { planner: false, shownAtStart: false },
});
