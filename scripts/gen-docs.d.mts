// Types for scripts/gen-docs.mjs (imported by test/docs.test.ts).
/** The generated files, by path relative to the repository root. */
export declare const DOC_FILES: readonly string[];
/** Both docs, keyed by DOC_FILES path, from the built code under root/dist and root/test/errors. */
export declare function generateDocs(root?: string): Promise<Record<string, string>>;
/** docs/scenario-keys.md from the public API's SCENARIO_KEYS, RULE_SETS and TRACKS. */
export declare function scenarioKeysDoc(api: Record<string, unknown>): string;
/** docs/errors.md from the error corpus under root/test/errors. */
export declare function errorsDoc(root?: string): string;
