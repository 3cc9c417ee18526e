// Moved to src/regime/from-parameters.ts (the engine's generators live in src/); kept for existing imports.
export * from '../../src/regime/from-parameters.ts';
