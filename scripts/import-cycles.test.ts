import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { importCycles, moduleGraph, projectImportCycles, relativeImports } from './import-cycles.ts';

describe('import cycles', () => {
  it('finds relative imports and re-exports, type-only ones included', () => {
    const source = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      "export { c } from './c.ts';",
      "import './side-effect.ts';",
      "import { bcs } from '@mysten/bcs';",
    ].join('\n');
    expect(relativeImports(source)).toEqual(['./a.ts', '../b.ts', './c.ts', './side-effect.ts']);
  });

  it('reports a loop through three modules, and none in a chain', () => {
    const files = {
      'x/a.ts': "import './b.ts';",
      'x/b.ts': "import type { C } from './c.ts';",
      'x/c.ts': '',
    };
    const read = (file: string) => files[file as keyof typeof files];
    expect(importCycles(moduleGraph(Object.keys(files), read))).toEqual([]);
    files['x/c.ts'] = "export { a } from './a.ts';";
    expect(importCycles(moduleGraph(Object.keys(files), read))).toEqual([['x/a.ts', 'x/b.ts', 'x/c.ts']]);
  });

  it('the project has no import loop', () => {
    const root = new URL('..', import.meta.url).pathname;
    const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((file) => file !== '');
    expect(projectImportCycles(root, files)).toEqual([]);
  });
});
