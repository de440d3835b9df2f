import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../../src/browser/find-chromium.js';

const NOT_EXECUTABLE = path.join(os.tmpdir(), `tfjs-repro-not-executable-${process.pid}`);
writeFileSync(NOT_EXECUTABLE, '', { mode: 0o644 });
afterAll(() => rmSync(NOT_EXECUTABLE, { force: true }));

describe('findChromium', () => {
  it('takes TFJS_REPRO_CHROMIUM when it names an executable file', () => {
    expect(findChromium({ TFJS_REPRO_CHROMIUM: '/bin/false' })).toEqual({ kind: 'found', path: '/bin/false' });
  });

  it.each([
    ['a missing file', '/no/such/chromium'],
    ['a directory (which passes an X_OK check)', os.tmpdir()],
    ['a file that is not executable', NOT_EXECUTABLE],
  ])('refuses %s, saying how to get a Chromium and that none is downloaded', (_, file) => {
    const lookup = findChromium({ TFJS_REPRO_CHROMIUM: file });
    expect(lookup.kind).toBe('missing');
    expect(lookup.kind === 'missing' && lookup.reason).toMatch(
      new RegExp(`TFJS_REPRO_CHROMIUM=${file} is not an executable file; install Debian's chromium .* never downloads a browser`),
    );
  });
});
