// The evaluation loop of one worker thread: load the same theorem library and
// backend as the main thread, then evaluate tasks one at a time and post back
// their records. Evaluation is a pure function of (theorem, regime, training
// options): the record does not depend on which worker ran it.
import { parentPort, workerData } from 'node:worker_threads';
import { loadBackend } from '../backend/registry.ts';
import { importBuiltins, loadLibrary } from '../theorem/library.ts';
import { evaluateTask } from '../verify/executor.ts';
import { describeError, type TaskMessage, type WorkerReply, type WorkerSetup } from './protocol.ts';

const port = parentPort!;
const post = (m: WorkerReply): void => port.postMessage(m);
const setup = workerData as WorkerSetup;

try {
  const library = await loadLibrary(setup.theoremFiles, await importBuiltins(setup.builtinModule));
  const backend = await loadBackend(setup.backend);
  port.on('message', (m: TaskMessage) => {
    try {
      const theorem = library.theorems.find((t) => t.id === m.theoremId);
      if (theorem === undefined) {
        throw new Error(`theorem ${m.theoremId} is not loadable in a worker thread (neither built in nor from --theorems)`);
      }
      const evaluation = evaluateTask(backend, { theorem, mode: m.mode, item: m.item, train: m.train });
      post({ type: 'result', id: m.id, record: evaluation.record });
    } catch (e) {
      post({ type: 'error', id: m.id, message: describeError(e) });
    }
  });
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'error', message: `worker set-up failed: ${describeError(e)}` });
}
