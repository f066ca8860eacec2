// `npm start`: installs what is missing, builds the web apps (Nx caches them), then serves API and web
// on one port (PORT, default 3000) with embedded PGlite in CUNTU_DATA_DIR (default ./data/pglite),
// or the PostGIS server in DATABASE_URL. The sample county is loaded on first run.
import { ensureInstalled, run, runForeground, NX_ENV } from './workspace.mjs';

const started = performance.now();
ensureInstalled();
console.log('▸ building the web apps …');
run('npx', ['nx', 'run-many', '-t', 'build', '--output-style=static', '--projects=@cuntu/shell,@cuntu/map,@cuntu/infrastructure,@cuntu/water,@cuntu/housing'], { quiet: true });
console.log(`▸ web apps ready in ${((performance.now() - started) / 1000).toFixed(1)} s; starting the portal …`);
runForeground(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], NX_ENV);
