import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the module-boundary lint rule', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const boundaryErrors = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: `${ROOT}${filePath}` });
    return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
  };

  it('lets an app import libs', async () => {
    expect(await boundaryErrors('apps/map/src/probe.ts', "import { createOfflineStyle } from '@cuntu/map-kit';\nexport const s = createOfflineStyle;\n")).toEqual([]);
  });

  it('refuses a lib importing an app', async () => {
    const errors = await boundaryErrors('libs/map-kit/src/lib/probe.ts', "import '../../../../apps/map/src/main';\n");
    expect(errors.length).toBeGreaterThan(0);
  });

  it('refuses web code importing the db lib', async () => {
    const errors = await boundaryErrors('libs/ui/src/lib/probe.ts', "import { openDatabase } from '@cuntu/db';\nexport const o = openDatabase;\n");
    expect(errors.join('\n')).toContain('scope:web');
  });

  it('refuses a ui lib importing a data-access lib', async () => {
    const errors = await boundaryErrors('libs/ui/src/lib/probe.ts', "import { createApiClient } from '@cuntu/api-client';\nexport const c = createApiClient;\n");
    expect(errors.join('\n')).toContain('type:ui');
  });

  it('lints each app\'s browser journeys too: fixtures and server libs allowed, an app\'s code or a ui lib refused', async () => {
    expect(await boundaryErrors('apps/map/e2e/probe.e2e.test.ts', "import { startPortal } from '@cuntu/testing';\nimport { DEMO_USERS } from '@cuntu/auth';\nexport const s = [startPortal, DEMO_USERS];\n")).toEqual([]);
    expect((await boundaryErrors('apps/map/e2e/probe.e2e.test.ts', "import { LABELS } from '@cuntu/ui';\nexport const l = LABELS;\n")).join('\n')).toContain('type:e2e');
    expect(await boundaryErrors('apps/shell/e2e/probe.e2e.test.ts', "import '../src/main';\n")).not.toEqual([]);
  });

  it('refuses shipped code importing the test fixtures', async () => {
    const errors = await boundaryErrors('apps/api/src/probe.ts', "import { openTestDatabase } from '@cuntu/testing';\nexport const t = openTestDatabase;\n");
    expect(errors.join('\n')).toContain('type:app');
  });
});

describe('the Nx project graph', () => {
  let graph: { nodes: Record<string, { type: string; data: { root: string; tags?: string[] } }>; dependencies: Record<string, Array<{ target: string; type: string }>> };
  beforeAll(() => {
    const file = `${ROOT}tmp/nx-graph.json`;
    execFileSync(process.execPath, [`${ROOT}node_modules/nx/dist/bin/nx.js`, 'graph', `--file=${file}`], {
      cwd: ROOT, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' }, stdio: 'pipe',
    });
    graph = JSON.parse(readFileSync(file, 'utf8')).graph;
  }, 120_000);

  it('has every app and lib as a tagged project', () => {
    for (const name of ['@cuntu/api', '@cuntu/shell', '@cuntu/map', '@cuntu/infrastructure', '@cuntu/water', '@cuntu/housing', '@cuntu/db', '@cuntu/domain', '@cuntu/map-kit', '@cuntu/ui']) {
      expect(graph.nodes[name], name).toBeDefined();
      expect(graph.nodes[name].data.tags?.some((t) => t.startsWith('scope:')), `${name} scope tag`).toBe(true);
      expect(graph.nodes[name].data.tags?.some((t) => t.startsWith('type:')), `${name} type tag`).toBe(true);
    }
  });

  it('points apps to libs only: nothing depends on an app but the shell on its remotes and each app\'s journeys on their app', () => {
    const apps = new Set(Object.entries(graph.nodes).filter(([, n]) => n.data.root.startsWith('apps/')).map(([name]) => name));
    for (const [source, deps] of Object.entries(graph.dependencies)) {
      for (const dep of deps.filter((d) => apps.has(d.target))) {
        const journeys = source === `${dep.target}-e2e`;
        expect({ source, target: dep.target, type: dep.type }).toMatchObject({ source: journeys ? source : '@cuntu/shell', type: 'implicit' });
      }
    }
    for (const app of ['api', 'shell', 'map', 'infrastructure', 'water', 'housing']) {
      expect(graph.nodes[`@cuntu/${app}-e2e`]?.data.tags, `${app} journeys`).toEqual(['scope:e2e', 'type:e2e']);
    }
    expect(graph.dependencies['@cuntu/map'].map((d) => d.target)).toEqual(expect.arrayContaining(['@cuntu/map-kit', '@cuntu/api-client', '@cuntu/ui']));
    expect(graph.dependencies['@cuntu/api'].map((d) => d.target)).toEqual(expect.arrayContaining(['@cuntu/db', '@cuntu/domain']));
    // Apps import libs, never tools: the API's sample county is a lib.
    const tools = Object.entries(graph.nodes).filter(([, n]) => n.data.root.startsWith('tools/')).map(([name]) => name);
    expect(graph.dependencies['@cuntu/api'].map((d) => d.target).filter((t) => tools.includes(t))).toEqual([]);
    expect(graph.dependencies['@cuntu/api'].map((d) => d.target)).toContain('@cuntu/sample-data');
    const shellDeps = graph.dependencies['@cuntu/shell'].filter((d) => d.type === 'implicit').map((d) => d.target).sort();
    expect(shellDeps).toEqual(['@cuntu/housing', '@cuntu/infrastructure', '@cuntu/map', '@cuntu/water']);
  });
});
