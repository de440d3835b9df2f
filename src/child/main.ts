/** Entry of a child process; spawned by src/run/spawn-run.ts with an IPC channel. */
import { serveChild } from './serve-child.js';

serveChild();
