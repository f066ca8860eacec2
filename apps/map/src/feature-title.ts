import type { EditableFeature } from '@cuntu/domain';

/** What a feature is called where the map names it: its name, else its own code, else its id. */
export const featureTitle = (feature: EditableFeature | null, id: string | undefined): string =>
  String(feature?.properties.name ?? feature?.properties.externalId ?? id ?? '');
