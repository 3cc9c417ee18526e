// Moved to src/regime/near-threshold.ts (the engine's generators live in src/); kept for existing imports.
export * from '../../src/regime/near-threshold.ts';
