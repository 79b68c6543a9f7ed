// npm run lint runs this (so CI does): src/ imports one way (STYLE.md §3, README "Architecture").
//  1. No module imports itself through others (madge's cycle search over src/).
//  2. Every folder (feature) imports only from the layers below its own: LAYERS, bottom first.
// Exit 1 with the offending imports. A new feature or shared module must be placed in LAYERS.
import path from 'node:path';
import madge from 'madge';

/** Bottom first. A module may import from a lower layer; never from its own layer's other folders or above. */
export const LAYERS: readonly (readonly string[])[] = [
  [
    'errors.ts',
    'logger.ts',
    'config.ts',
    'vietnamese.ts',
    'vietnam-time.ts',
    'receiver-types.ts',
    'each-limited.ts',
  ],
  ['database', 'spreadsheets'],
  ['http', 'openapi'],
  ['audit', 'jobs'],
  ['areas', 'backups'],
  ['users'],
  ['households', 'receivers'],
  ['batches'],
  ['inspections'],
  ['reports'],
  ['app.ts', 'bootstrap.ts'],
  ['server.ts'],
];

/** The roles vocabulary (Role, Actor) every layer may import, as STYLE.md §3 says. */
const SHARED = new Set(['users/roles.ts']);

const unitOf = (file: string) => file.split('/')[0];

export async function importProblems(srcDir: string): Promise<string[]> {
  const graph = await madge(srcDir, {
    fileExtensions: ['ts'],
    tsConfig: path.join(srcDir, '..', 'tsconfig.json'),
    detectiveOptions: { ts: { skipTypeImports: false } },
  });
  const problems = graph.circular().map((cycle) => `cycle: ${[...cycle, cycle[0]].join(' → ')}`);
  const rank = new Map(LAYERS.flatMap((units, i) => units.map((u) => [u, i] as const)));
  for (const [file, deps] of Object.entries(graph.obj())) {
    const from = unitOf(file);
    if (!rank.has(from)) {
      problems.push(`${file}: ${from} is in no layer of scripts/check-imports.ts`);
      continue;
    }
    for (const dep of deps) {
      const to = unitOf(dep);
      if (to === from || SHARED.has(dep)) continue;
      if (!rank.has(to)) continue; // reported as its own file
      if ((rank.get(to) ?? 0) >= (rank.get(from) ?? 0))
        problems.push(`${file} → ${dep}: ${from} may not import ${to}`);
    }
  }
  return problems;
}

if (require.main === module) {
  void importProblems(path.join(__dirname, '..', 'src')).then((problems) => {
    for (const p of problems) console.error(p);
    if (problems.length > 0) {
      console.error(`${problems.length} import(s) break the one-way order (scripts/check-imports.ts)`);
      process.exit(1);
    }
    console.log('imports: no cycles, features one way');
  });
}
