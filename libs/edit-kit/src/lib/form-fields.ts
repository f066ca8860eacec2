import { z } from 'zod';
import { fieldLabel, IMMUTABLE_FIELDS, LAYER_PROPERTY_SCHEMAS, PERSONAL_DATA_FIELDS, problemsByField, type LayerId } from '@cuntu/domain';
import type { Locale } from '@cuntu/messages';

/** One input of a layer's attribute form, derived from the layer's zod schema. */
export interface FormField {
  name: string;
  labelZh: string;
  labelEn: string;
  kind: 'text' | 'number' | 'integer' | 'boolean' | 'choice' | 'choices';
  required: boolean;
  options: readonly string[] | null;
  min: number | null;
  max: number | null;
  /** Household personal data: shown and sent only for users who may see it. */
  personal: boolean;
  /** Set when the feature is created, never changed. */
  immutable: boolean;
}

interface Node { type?: string | string[]; anyOf?: Node[]; enum?: string[]; items?: Node; minimum?: number; maximum?: number; exclusiveMinimum?: number }

/** The form of a layer: one field per property of its schema, in the schema's order. */
export function formFields(layer: LayerId): FormField[] {
  const schema = z.toJSONSchema(LAYER_PROPERTY_SCHEMAS[layer], { io: 'input' }) as { properties: Record<string, Node>; required?: string[] };
  return Object.entries(schema.properties).map(([name, raw]) => {
    const node = raw.anyOf?.find((n) => n.type !== 'null') ?? raw;
    // Nullable scalars come as `type: ['boolean', 'null']`.
    const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type;
    const kind: FormField['kind'] = node.enum ? 'choice'
      : type === 'array' ? 'choices'
      : type === 'boolean' ? 'boolean'
      : type === 'integer' ? 'integer'
      : type === 'number' ? 'number' : 'text';
    const [labelZh, labelEn] = [fieldLabel(name, 'zh-CN'), fieldLabel(name, 'en')];
    return {
      name, labelZh, labelEn, kind, required: schema.required?.includes(name) ?? false,
      options: node.enum ?? node.items?.enum ?? null,
      min: node.minimum ?? node.exclusiveMinimum ?? null, max: node.maximum ?? null,
      personal: (PERSONAL_DATA_FIELDS as readonly string[]).includes(name),
      immutable: IMMUTABLE_FIELDS[layer]?.includes(name) ?? false,
    };
  });
}

/**
 * What is wrong with a form's values, by field, as the API would say it (the same schema): all
 * required fields for a new feature, only the given ones for a change.
 */
export function fieldProblems(layer: LayerId, values: Record<string, unknown>, mode: 'create' | 'update', locale: Locale = 'zh-CN'): Record<string, string> {
  const schema = LAYER_PROPERTY_SCHEMAS[layer];
  const result = (mode === 'create' ? schema : schema.partial()).safeParse(values);
  return result.success ? {} : problemsByField(result.error.issues, values, locale);
}

/** A form value as the API takes it: empty inputs become null (cleared), numbers from text inputs become numbers. */
export function toApiValue(field: FormField, value: unknown): unknown {
  if (value === '' || value === undefined) return null;
  if ((field.kind === 'number' || field.kind === 'integer') && typeof value === 'string') return Number(value);
  return value;
}
