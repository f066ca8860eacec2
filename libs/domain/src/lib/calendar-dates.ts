import { z } from 'zod';

/** A calendar date as forms and the API write it (YYYY-MM-DD), and a real one (no 30 February). */
export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'validation.realDate');

/** The latest date that is today somewhere (UTC+14): a date after it is in the future wherever it was written. */
export const latestToday = () => new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);
/** The earliest date that is today somewhere (UTC−12): a date before it has passed wherever it was written. */
export const earliestToday = () => new Date(Date.now() - 12 * 3_600_000).toISOString().slice(0, 10);
