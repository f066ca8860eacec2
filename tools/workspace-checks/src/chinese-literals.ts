import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { parse } from '@vue/compiler-sfc';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Where words may be written in Chinese: the catalogue, data, and tests (which assert what users read). */
export const WORDS_ALLOWED = [
  /^libs\/messages\/src\/lib\/(zh-CN|en)\.ts$/,
  /^libs\/sample-data\//, // the sample county's names: data
  /\.test\.ts$/,
  /\/e2e\//,
];

/** The string literals (and template-literal parts) in TypeScript source that hold Chinese; comments are free. */
export function chineseInScript(source: string): string[] {
  const file = ts.createSourceFile('source.ts', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node))
      && CJK.test(node.text)) found.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Chinese in a Vue component: in its template's text and attributes (comments aside), and in its scripts' literals. */
export function chineseInVue(source: string): string[] {
  const { descriptor } = parse(source);
  const template = (descriptor.template?.content ?? '').replace(/<!--[\s\S]*?-->/g, '');
  const inTemplate = template.split('\n').filter((line) => CJK.test(line)).map((line) => line.trim());
  const scripts = [descriptor.script?.content, descriptor.scriptSetup?.content].filter((s): s is string => !!s);
  return [...inTemplate, ...scripts.flatMap(chineseInScript)];
}

/** The `.ts` and `.vue` files git tracks under apps, libs and tools, with their text, but those `skip` names. */
function* sources(root: string, skip: (file: string) => boolean): Generator<{ file: string; source: string }> {
  const files = execFileSync('git', ['ls-files', 'apps', 'libs', 'tools'], { cwd: root, encoding: 'utf8' }).split('\n');
  for (const file of files.filter((f) => /\.(ts|vue)$/.test(f) && !skip(f))) {
    try {
      yield { file, source: readFileSync(`${root}${file}`, 'utf8') };
    } catch {
      // deleted in the work tree, not yet in git
    }
  }
}

/** Every shipped source file (tracked by git) with the Chinese words written in it, outside where words are allowed. */
export function chineseOutsideCatalogue(root: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { file, source } of sources(root, (f) => WORDS_ALLOWED.some((allowed) => allowed.test(f)))) {
    const found = file.endsWith('.vue') ? chineseInVue(source) : chineseInScript(source);
    if (found.length) out[file] = found;
  }
  return out;
}

/**
 * The catalogue keys shipped code asks for by name: `t('a.b')` in components and `message(locale,
 * 'a.b')` in code. A key built at run time from a template literal is given up to its first
 * placeholder, as a namespace (`verdict.` for the verdict words).
 */
export function catalogueKeysUsed(root: string): Array<{ file: string; key: string; prefix: boolean }> {
  const call = /\b(?:t|message)\((?:[\w.'"]+,\s*)?(['`])([A-Za-z][\w.]*)(\$\{)?/g;
  const used: Array<{ file: string; key: string; prefix: boolean }> = [];
  for (const { file, source } of sources(root, (f) => /\.test\.ts$|\/e2e\/|^tools\/workspace-checks\//.test(f))) {
    for (const m of source.matchAll(call)) if (m[2].includes('.')) used.push({ file, key: m[2], prefix: !!m[3] });
  }
  return used;
}
