import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const EXAMPLE = fileURLToPath(new URL('../../fixtures/example-project', import.meta.url));

// The example user project's report (the same runs as its `check`, in spec/e2e/example-project.test.ts),
// outside `npm test`'s budget. Seed 7, wasm, from a copy of the project folder.
describe('the example user project, through the CLI: its report', () => {
  const tempDir = useTempDir('example-report');
  let project = '';
  beforeAll(async () => {
    project = path.join(tempDir(), 'project');
    await cp(EXAMPLE, project, { recursive: true });
  });

  it("report: an index of both scenarios and a page per scenario in the config's report folder (exit 0)", async () => {
    const { exitCode, stderr } = await runCli(['report'], { cwd: project });
    expect(exitCode, stderr).toBe(0);
    const index = await readFile(path.join(project, 'determinism', 'README.md'), 'utf8');
    expect(index).toMatch(/## `ring-regressor` \(\[node\]\(ring-regressor\/README\.md\)\)/);
    expect(index).toMatch(/Dense\(6, tanh\) → Dense\(1\), sgd \(lr 0\.05\)/);
    expect(index).toMatch(/\| \*\*reset-matters\*\*[^\n]*not applicable \(stateless model\)/);
    const page = await readFile(path.join(project, 'determinism', 'ring-regressor', 'README.md'), 'utf8');
    expect(page).toMatch(/# Determinism guarantees: `ring-regressor`/);
  });
});
