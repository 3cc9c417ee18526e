// `--backend tfjs-node-gpu`: TensorFlow's C library with CUDA through
// @tensorflow/tfjs-node-gpu, an optional dependency (its install script
// downloads libtensorflow, so it is absent where that download fails). Loaded
// only by dynamic import; float32.
import { BackendUnavailableError } from '../../errors.ts';
import { tfjsBackend, type TfjsBackend, type Tf } from './kernels.ts';

export const NODE_GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';

export async function loadNodeGpuBackend(specifier: string = NODE_GPU_PACKAGE): Promise<TfjsBackend> {
  let tf: Tf;
  try {
    tf = (await import(specifier)) as Tf;
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new BackendUnavailableError(
      `--backend tfjs-node-gpu: ${NODE_GPU_PACKAGE} is not usable here (${reason}); it installs only where its libtensorflow download works (see README, "GPU training")`,
    );
  }
  if (!(await tf.setBackend('tensorflow'))) throw new BackendUnavailableError('--backend tfjs-node-gpu: the TensorFlow backend failed to initialize');
  return tfjsBackend(tf, { name: 'tfjs-node-gpu', explicitTranspose: false });
}
