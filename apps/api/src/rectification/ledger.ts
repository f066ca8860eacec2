import { LEDGER_COLUMNS, type Task } from '@cuntu/domain';
import { message, type Locale } from '@cuntu/messages';
import { writeTableXlsx } from '@cuntu/geo-io';
import { layoutLedger, type PageHeader } from '@cuntu/briefing';

/** How far a task has come, as the ledger's 整改进展 says it: its state, then what was done or why it went back. */
function progress(task: Task, locale: Locale): string {
  const state = message(locale, `task.state.${task.state}`);
  const closedBy = task.closedBy ? message(locale, `task.closedBy.${task.closedBy}`) : null;
  const words = [task.state === 'closed' && closedBy ? message(locale, 'ledger.closedState', { state, how: closedBy }) : state, task.note, task.state !== 'closed' ? task.returnReason : null];
  return words.filter(Boolean).join(message(locale, 'ledger.separator'));
}

/**
 * The rectification ledger as county offices submit it (序号, 乡镇, 村, 问题, 整改措施, 责任单位, 责任人,
 * 完成时限, 整改进展, 是否完成): its column titles and one row per task, in the reader's language.
 */
function ledgerTable(tasks: Task[], locale: Locale) {
  const header = LEDGER_COLUMNS.map((c) => message(locale, `ledger.${c}`));
  const rows = tasks.map((t, i) => [
    i + 1, t.townName ?? '', t.villageName ?? '', t.subjectLabel && t.subjectType !== 'village' ? message(locale, 'ledger.subjectProblem', { subject: t.subjectLabel, problem: t.problem }) : t.problem,
    t.measure ?? '', message(locale, `task.team.${t.team}`), t.assigneeName ?? '', t.deadline, progress(t, locale), message(locale, t.state === 'closed' ? 'ledger.yes' : 'ledger.no'),
  ]);
  return { header, rows };
}

/** The ledger as a workbook, numbers kept as numbers. */
export function ledgerWorkbook(tasks: Task[], locale: Locale): Uint8Array {
  const { header, rows } = ledgerTable(tasks, locale);
  return writeTableXlsx(header, rows, message(locale, 'ledger.sheet'));
}

/** Each column's share of a printed ledger's width (the problem and the progress get the most). */
const COLUMN_WEIGHTS: Record<(typeof LEDGER_COLUMNS)[number], number> = { index: 1, town: 2.4, village: 2.6, problem: 7, measure: 5, unit: 3, person: 2.4, deadline: 2.4, progress: 5, done: 1.6 };

/** The ledger as printed pages (A4 landscape) under the snapshot's header: `header` gives the title, area, dates, profile and sample note. */
export function ledgerLayout(tasks: Task[], locale: Locale, header: PageHeader) {
  const { header: titles, rows } = ledgerTable(tasks, locale);
  return layoutLedger({
    ...header, paper: 'A4', orientation: 'landscape',
    columns: LEDGER_COLUMNS.map((c, i) => ({ title: titles[i], weight: COLUMN_WEIGHTS[c] })),
    rows: rows.map((r) => r.map(String)),
  });
}
