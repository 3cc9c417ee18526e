// Moved to src/regime/log-uniform.ts (the engine's generators live in src/); kept for existing imports.
export * from '../../src/regime/log-uniform.ts';
