import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../../src/runtimes/chromium/find-chromium.js';

const DIR = mkdtempSync(path.join(os.tmpdir(), 'tfjs-repro-find-chromium-'));
const NOT_EXECUTABLE = path.join(DIR, 'not-executable');
writeFileSync(NOT_EXECUTABLE, '', { mode: 0o644 });
const ON_PATH = path.join(DIR, 'bin');
writeFileSync(path.join(DIR, 'placeholder'), '');
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

/** A folder holding an executable `chromium`, to put on PATH. */
function binWithChromium(): string {
  const bin = mkdtempSync(path.join(DIR, 'bin-'));
  writeFileSync(path.join(bin, 'chromium'), '#!/bin/sh\n');
  chmodSync(path.join(bin, 'chromium'), 0o755);
  return bin;
}

const nothingElse = { npmVersion: () => undefined, wellKnown: [] };

describe('findChromium', () => {
  it('takes TFJS_REPRO_CHROMIUM when it names an executable file', () => {
    expect(findChromium({ TFJS_REPRO_CHROMIUM: '/bin/false' })).toEqual({ kind: 'found', path: '/bin/false', source: 'TFJS_REPRO_CHROMIUM=/bin/false' });
  });

  it.each([
    ['a missing file', '/no/such/chromium'],
    ['a directory (which passes an X_OK check)', os.tmpdir()],
    ['a file that is not executable', NOT_EXECUTABLE],
  ])('refuses %s, saying how to get a Chromium and that none is downloaded', (_, file) => {
    const lookup = findChromium({ TFJS_REPRO_CHROMIUM: file });
    expect(lookup.kind).toBe('missing');
    expect(lookup.kind === 'missing' && lookup.reason).toMatch(
      new RegExp(`TFJS_REPRO_CHROMIUM=${file} is not an executable file; run \`npm ci\` .* never downloads a browser`),
    );
  });

  it('then a chromium on PATH, before the npm-shipped one', () => {
    const bin = binWithChromium();
    expect(findChromium({ PATH: `${ON_PATH}${path.delimiter}${bin}` }, { npmVersion: () => '143.0.4', wellKnown: [] })).toEqual({
      kind: 'found',
      path: path.join(bin, 'chromium'),
      source: `system: ${path.join(bin, 'chromium')}`,
    });
  });

  it('then the npm-shipped one, named with its version', () => {
    expect(findChromium({ PATH: ON_PATH }, { npmVersion: () => '143.0.4', wellKnown: [] })).toEqual({
      kind: 'npm',
      version: '143.0.4',
      source: 'npm: @sparticuz/chromium 143.0.4',
    });
  });

  it('with none of them, says every place it looked and what fixes it', () => {
    const lookup = findChromium({ PATH: ON_PATH }, nothingElse);
    expect(lookup.kind === 'missing' && lookup.reason).toMatch(
      /no TFJS_REPRO_CHROMIUM, no chromium\/chromium-browser\/google-chrome\/google-chrome-stable on PATH .* and @sparticuz\/chromium is not installed; run `npm ci`/,
    );
  });
});
