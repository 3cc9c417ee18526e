// Moved to src/theorem/modes.ts (the engine decides mode membership); kept for existing imports.
export * from '../../src/theorem/modes.ts';
