// The tfjs namespace and tensor types as the backends and trainers see them:
// a leaf module, so that kernels.ts and the batched trainer it offers
// (src/train/batched.ts) both depend on it instead of on each other.
import type * as TF from '@tensorflow/tfjs-core';

export type Tf = typeof TF;
export type Tensor2D = TF.Tensor2D;
