// Writes python/protocol.json from the protocol's one definition (src/run/protocol.ts, built into
// dist/): the Keras child reads it, and spec/unit/run/protocol-json.test.ts holds the two equal.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PROTOCOL } from '../dist/run/protocol.js';

const file = fileURLToPath(new URL('../python/protocol.json', import.meta.url));
writeFileSync(file, `${JSON.stringify(PROTOCOL, null, 2)}\n`);
console.log(`wrote ${file}`);
