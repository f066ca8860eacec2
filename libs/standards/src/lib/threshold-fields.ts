import { z } from 'zod';
import type { ThresholdField } from '@cuntu/domain';
import { hasMessage, message } from '@cuntu/messages';
import { thresholdsSchema, type Thresholds } from './thresholds';

interface JsonSchemaNode {
  type?: string;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode | false;
  prefixItems?: JsonSchemaNode[];
  enum?: string[];
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minItems?: number;
}

/** Every threshold with its label, type and allowed range, read from the thresholds schema itself. */
export function thresholdFields(): ThresholdField[] {
  const root = z.toJSONSchema(thresholdsSchema) as JsonSchemaNode;
  const fields: ThresholdField[] = [];
  const walk = (node: JsonSchemaNode, path: string[]) => {
    if (node.type === 'object' && node.properties) {
      for (const [key, child] of Object.entries(node.properties)) walk(child, [...path, key]);
      return;
    }
    const id = path.join('.');
    // Names and units are words: the catalogue's `threshold.<path>`.
    const [labelZh, labelEn] = [message('zh-CN', `threshold.${id}.label`, {}, id), message('en', `threshold.${id}.label`, {}, id)];
    const unit = hasMessage(`threshold.${id}.unit`) ? { zh: message('zh-CN', `threshold.${id}.unit`), en: message('en', `threshold.${id}.unit`) } : null;
    const range = (n: JsonSchemaNode) => ({
      min: n.minimum ?? n.exclusiveMinimum ?? null, minExclusive: n.exclusiveMinimum !== undefined, max: n.maximum ?? null,
    });
    const base = { path: id, labelZh, labelEn, unit: unit?.zh ?? null, unitEn: unit?.en ?? null, options: null, minItems: null, length: null };
    if (node.type === 'array' && node.prefixItems) {
      fields.push({ ...base, kind: 'numbers', ...range(node.prefixItems[0]), length: node.prefixItems.length });
    } else if (node.type === 'array' && node.items) {
      fields.push({ ...base, kind: 'choices', min: null, minExclusive: false, max: null, options: node.items.enum ?? [], minItems: node.minItems ?? 0 });
    } else if (node.type === 'boolean') {
      fields.push({ ...base, kind: 'boolean', min: null, minExclusive: false, max: null });
    } else {
      fields.push({ ...base, kind: node.type === 'integer' ? 'integer' : 'number', ...range(node) });
    }
  };
  walk(root, []);
  return fields;
}

/** The value at a dotted path of a thresholds object. */
export function thresholdAt(thresholds: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], thresholds);
}

/** Each threshold whose value differs between two profiles, in the schema's order. */
export function diffThresholds(from: Thresholds, to: Thresholds): Array<{ path: string; from: unknown; to: unknown }> {
  return thresholdFields()
    .map(({ path }) => ({ path, from: thresholdAt(from, path), to: thresholdAt(to, path) }))
    .filter((d) => JSON.stringify(d.from) !== JSON.stringify(d.to));
}

/** What is wrong with a thresholds object, one entry per field (empty when it is a valid profile). */
export function thresholdIssues(value: unknown): Array<{ field: string; problem: string }> {
  const parsed = thresholdsSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ field: i.path.join('.'), problem: i.message }));
}

/** Paths in a partial thresholds object that name no threshold (a typo would otherwise be dropped silently). */
export function unknownThresholdPaths(changes: unknown): string[] {
  const paths = thresholdFields().map((f) => f.path);
  const walk = (node: unknown, prefix: string): string[] => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return [];
    return Object.entries(node).flatMap(([key, value]) => {
      const path = prefix ? `${prefix}.${key}` : key;
      if (paths.includes(path)) return [];
      return paths.some((p) => p.startsWith(`${path}.`)) ? walk(value, path) : [path];
    });
  };
  return walk(changes, '');
}
