// Lowers chinese-literals.baseline.json to what the code holds now (run after moving words into the catalogue):
//   npx tsx tools/workspace-checks/src/update-chinese-baseline.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chineseOutsideCatalogue } from './chinese-literals';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const counts = Object.fromEntries(Object.entries(chineseOutsideCatalogue(root)).map(([file, found]) => [file, found.length]));
writeFileSync(new URL('./chinese-literals.baseline.json', import.meta.url), `${JSON.stringify(counts, null, 2)}\n`);
console.log(`${Object.keys(counts).length} files, ${Object.values(counts).reduce((a, b) => a + b, 0)} Chinese literals still to move`);
