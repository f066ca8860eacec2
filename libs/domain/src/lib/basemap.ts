import { z } from 'zod';

const httpUrl = z.string().trim().url().refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://');

/** What an administrator picks as the map's background: nothing (offline), Tianditu, any XYZ raster or a style URL. */
export const basemapChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('tianditu'), key: z.string().trim().regex(/^[A-Za-z0-9]{8,64}$/, 'a Tianditu key is 8–64 letters and digits') }).strict(),
  z.object({
    kind: z.literal('xyz'),
    url: httpUrl.refine((u) => ['{z}', '{x}', '{y}'].every((p) => u.includes(p)), 'the template needs {z}, {x} and {y}'),
    attribution: z.string().trim().max(200).default(''),
  }).strict(),
  z.object({ kind: z.literal('style'), url: httpUrl }).strict(),
]);
export type BasemapChoice = z.infer<typeof basemapChoiceSchema>;

/** What the map needs to draw a basemap: raster tile templates, or a MapLibre style to put ours on; null for none. */
export const basemapSourceSchema = z.union([z.object({ tiles: z.array(z.string()), attribution: z.string() }), z.object({ styleUrl: z.string() })]).nullable();
export type BasemapSource = z.infer<typeof basemapSourceSchema>;

/** The tiles (or style) a choice stands for. */
export function basemapSource(choice: BasemapChoice): BasemapSource {
  switch (choice.kind) {
    case 'none':
      return null;
    case 'tianditu': {
      const key = encodeURIComponent(choice.key);
      return { tiles: [0, 1, 2, 3].map((n) => `https://t${n}.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}&tk=${key}`), attribution: '天地图 Tianditu' };
    }
    case 'xyz':
      return { tiles: [choice.url], attribution: choice.attribution };
    case 'style':
      return { styleUrl: choice.url };
  }
}
