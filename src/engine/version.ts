/**
 * The engine's version: results carry it (`versions.engine`), generated texts name it in their first line,
 * and permalinks record it so that a link opened by a later engine can say which engine made it.
 * Kept in a module of its own so the permalink code can read it without importing the pipeline.
 */
export const ENGINE_VERSION = "0.1.0";
