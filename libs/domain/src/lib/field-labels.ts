import { hasMessage, message, type Locale } from '@cuntu/messages';
import { LAYER_PROPERTY_SCHEMAS } from './layers';

/** The name of a property as users read it (`field.<property>` in the catalogue), the stored name when the catalogue has none. */
export const fieldLabel = (property: string, locale: Locale = 'zh-CN'): string => message(locale, `field.${property}`, {}, property);

/** Whether the catalogue names a property. */
export const hasFieldLabel = (property: string): boolean => hasMessage(`field.${property}`);

/** Every editable property of every layer (for the completeness test). */
export const allLayerProperties = (): string[] => [...new Set(Object.values(LAYER_PROPERTY_SCHEMAS).flatMap((s) => Object.keys(s.shape)))];
