/** Entry of a child process; spawned by src/runtimes/node/spawn-run.ts with an IPC channel. */
import { serveChild } from './serve-child.js';

serveChild();
