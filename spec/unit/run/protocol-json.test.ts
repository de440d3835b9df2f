import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { PROTOCOL, parseChildMessage } from '../../../src/run/protocol.js';

const PYTHON_COPY = new URL('../../../python/protocol.json', import.meta.url);

describe('the child protocol, defined once', () => {
  it("python/protocol.json (which the Keras child reads) is src/run/protocol.ts's PROTOCOL; regenerate it with `npm run build && node scripts/write-protocol.mjs`", async () => {
    const copy = JSON.parse(await readFile(PYTHON_COPY, 'utf8')) as unknown;
    expect(copy).toEqual(JSON.parse(JSON.stringify(PROTOCOL)));
    // The comparison can fail: a copy that lost a field of the epoch message is caught.
    const stale = structuredClone(copy) as { child: { epoch: string[] } };
    stale.child.epoch.pop();
    expect(stale).not.toEqual(JSON.parse(JSON.stringify(PROTOCOL)));
  });

  it('the message types the parent accepts are the ones the data lists', () => {
    for (const type of Object.keys(PROTOCOL.child)) expect(parseChildMessage({ marker: PROTOCOL.marker, version: PROTOCOL.version, type }).type).toBe(type);
    expect(() => parseChildMessage({ marker: PROTOCOL.marker, version: PROTOCOL.version, type: 'progress' })).toThrow(
      /type: expected one of ready, epoch, result, error/,
    );
  });
});
