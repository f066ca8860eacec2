import { LAYER_TABLES } from '@cuntu/db';
import type { LayerId } from '@cuntu/domain';

/** The key value of a feature id given in a URL, or null when it cannot be one. */
export function parseFeatureId(layer: LayerId, raw: string): string | number | null {
  const { idKind } = LAYER_TABLES[layer];
  if (idKind === 'serial') return /^\d{1,10}$/.test(raw) ? Number(raw) : null;
  return /^\d{12,15}$/.test(raw) ? raw : null;
}
