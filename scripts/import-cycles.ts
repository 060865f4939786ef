// Import loops between the project's own modules, found from their source text: a loop makes the
// order modules initialise in depend on which one is imported first, and ties concepts that should
// stand apart. Type-only imports count too; they are loops in the design even when erased.
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/** Relative specifiers of every `import … from`, `export … from` and bare `import '…'` in `source`. */
export function relativeImports(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+)['"]/gm))
    found.push(match[1]!);
  for (const match of source.matchAll(/^\s*import\s+['"](\.[^'"]+)['"]/gm)) found.push(match[1]!);
  return found;
}

/** The module graph of `files` (repo-relative paths), edges to files of the same set only. */
export function moduleGraph(files: readonly string[], read: (file: string) => string): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = relativeImports(read(file))
      .map((specifier) => normalize(join(dirname(file), specifier)))
      .filter((target) => known.has(target));
    graph.set(file, targets);
  }
  return graph;
}

/** Every strongly connected group of more than one module (or one that imports itself). */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node)!, index.get(target)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(group.reverse());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/** The loops among `files` under `root`. */
export function projectImportCycles(root: string, files: readonly string[]): string[][] {
  return importCycles(moduleGraph(files, (file) => readFileSync(join(root, file), 'utf8')));
}
