/**
 * Backup and restore of the embedded (PGlite) database; on a PostGIS server use pg_dump / pg_restore
 * (README, "Backup and restore").
 *   npx tsx tools/backup/src/cli.ts backup  [--data-dir ./data/pglite] --out cuntu-backup.tar.gz
 *   npx tsx tools/backup/src/cli.ts restore --in cuntu-backup.tar.gz [--data-dir ./data/pglite-restored]
 */
import { parseArgs } from 'node:util';
import { backupPglite, restorePglite } from './lib/pglite-backup';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { 'data-dir': { type: 'string', default: process.env.CUNTU_DATA_DIR ?? './data/pglite' }, out: { type: 'string' }, in: { type: 'string' } },
});
const [command] = positionals;
try {
  if (command === 'backup' && values.out) {
    const { bytes } = await backupPglite(values['data-dir']!, values.out);
    console.log(`backed up ${values['data-dir']} to ${values.out} (${(bytes / 1048576).toFixed(1)} MB)`);
  } else if (command === 'restore' && values.in) {
    await restorePglite(values.in, values['data-dir']!);
    console.log(`restored ${values.in} into ${values['data-dir']}; start with CUNTU_DATA_DIR=${values['data-dir']} npm start`);
  } else {
    console.error('usage: backup --out FILE [--data-dir DIR] | restore --in FILE [--data-dir DIR]');
    process.exit(2);
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
