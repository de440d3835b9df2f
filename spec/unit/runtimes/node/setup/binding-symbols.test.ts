import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { missingSymbols, requiredSymbols } from '../../../../../src/runtimes/node/setup/binding-symbols.js';

const FIXTURE = fileURLToPath(new URL('../../../../fixtures/binding/', import.meta.url));

describe('the TensorFlow C API functions the binding needs from the libraries', () => {
  it("are the TF_/TFE_ calls of the sources, less the binding's own classes and the headers' inline functions", async () => {
    const required = await requiredSymbols(`${FIXTURE}src`, `${FIXTURE}include`);
    expect(required).toEqual(['TFE_DeleteOp', 'TFE_NewOp', 'TF_DeleteStatus', 'TF_NewStatus']);
  });

  it('a symbol that no library exports is named; one exported by either library is not', () => {
    const exported = new Map([
      ['libtensorflow_cc.so.2', new Set(['TFE_NewOp', 'TF_NewStatus'])],
      ['libtensorflow_framework.so.2', new Set(['TF_DeleteStatus'])],
    ]);
    expect(missingSymbols(['TFE_DeleteOp', 'TFE_NewOp', 'TF_DeleteStatus', 'TF_NewStatus'], exported)).toEqual(['TFE_DeleteOp']);
    expect(missingSymbols(['TFE_NewOp', 'TF_DeleteStatus'], exported)).toEqual([]);
  });
});
