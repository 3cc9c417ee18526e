// Moved to src/regime/balanced-regime.ts (the engine's generators live in src/); kept for existing imports.
export * from '../../src/regime/balanced-regime.ts';
