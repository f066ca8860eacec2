/** A new task's deadline unless its setter picks another: a month from today. */
export const defaultDeadline = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
