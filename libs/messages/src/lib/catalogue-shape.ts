import type { ZH_CN } from './zh-CN';

type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** The shape every language of the catalogue has: the keys of the Chinese catalogue, any words. */
export type Catalogue = Widen<typeof ZH_CN>;
