import { LEDGER_COLUMNS, type Task } from '@cuntu/domain';
import { message, type Locale } from '@cuntu/messages';
import { writeTableXlsx } from '@cuntu/geo-io';

/** How far a task has come, as the ledger's 整改进展 says it: its state, then what was done or why it went back. */
function progress(task: Task, locale: Locale): string {
  const state = message(locale, `task.state.${task.state}`);
  const closedBy = task.closedBy ? message(locale, `task.closedBy.${task.closedBy}`) : null;
  const words = [task.state === 'closed' && closedBy ? message(locale, 'ledger.closedState', { state, how: closedBy }) : state, task.note, task.state !== 'closed' ? task.returnReason : null];
  return words.filter(Boolean).join(message(locale, 'ledger.separator'));
}

/**
 * The rectification ledger as county offices submit it (序号, 乡镇, 村, 问题, 整改措施, 责任单位, 责任人,
 * 完成时限, 整改进展, 是否完成): one row per task, in the reader's language.
 */
export function ledgerWorkbook(tasks: Task[], locale: Locale): Uint8Array {
  const header = LEDGER_COLUMNS.map((c) => message(locale, `ledger.${c}`));
  const rows = tasks.map((t, i) => [
    i + 1, t.townName ?? '', t.villageName ?? '', t.subjectLabel && t.subjectType !== 'village' ? message(locale, 'ledger.subjectProblem', { subject: t.subjectLabel, problem: t.problem }) : t.problem, t.measure ?? '',
    message(locale, `task.team.${t.team}`), t.assigneeName ?? '', t.deadline, progress(t, locale), message(locale, t.state === 'closed' ? 'ledger.yes' : 'ledger.no'),
  ]);
  return writeTableXlsx(header, rows, message(locale, 'ledger.sheet'));
}
