import type { AnyColumn } from 'drizzle-orm';
import { LAYER_TABLES, propertyColumns } from '@cuntu/db';
import { canSeePersonalData, PERSONAL_DATA_FIELDS, type LayerId, type Principal } from '@cuntu/domain';
import { rulesCarriedBy } from '@cuntu/standards';

/** The type a queryable compares as: what a filter's literal must be. */
export type QueryableType = 'string' | 'number' | 'boolean' | 'timestamp';

/**
 * What a layer's features can be selected by (OGC API – Features Part 3): every property column a user
 * may see (list properties aside), each rule's verdict the features carry (named by the rule's id,
 * `road.width`), and the geometry.
 */
export type Queryable =
  | { kind: 'column'; column: AnyColumn; type: QueryableType }
  | { kind: 'verdict'; rule: string; subject: string; subjectColumn: AnyColumn }
  | { kind: 'geometry' };

const typeOf = (column: AnyColumn): QueryableType | null => {
  switch (column.dataType) {
    case 'number': return 'number';
    case 'boolean': return 'boolean';
    case 'date': return 'timestamp';
    case 'array': return null;
    default: return 'string';
  }
};

/** The ids of the rules whose verdicts a layer's features carry (`rulesCarriedBy`). */
export const verdictRulesOf = (layer: LayerId): string[] => rulesCarriedBy(layer).map((rule) => rule.id);

/** A layer's queryables for a user, by name (household personal data only for those who may see it). */
export function layerQueryables(layer: LayerId, user: Principal | null): Map<string, Queryable> {
  const queryables = new Map<string, Queryable>();
  const personal = !canSeePersonalData(user);
  for (const [name, column] of Object.entries(propertyColumns(layer))) {
    const type = typeOf(column);
    if (type && !(personal && PERSONAL_DATA_FIELDS.includes(name))) queryables.set(name, { kind: 'column', column, type });
  }
  const verdicts = LAYER_TABLES[layer].verdicts;
  if (verdicts) for (const rule of verdictRulesOf(layer)) queryables.set(rule, { kind: 'verdict', rule, subject: verdicts.subject, subjectColumn: verdicts.column });
  queryables.set(LAYER_TABLES[layer].geometryProperty, { kind: 'geometry' });
  return queryables;
}
