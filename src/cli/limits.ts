// Bounds the command line checks before calling a use case (usage errors, exit 2).

/** `synth -n`: the generator's own bound (MAX_BENEFICIARIES in src/usecases/synth/generate.ts). */
export const SYNTH_MAX_BENEFICIARIES = 999_999_999;

/** `risk --trials`, `report --risk`: the use case's bound (a memory check follows on the data). */
export const MAX_TRIALS = 100_000_000; // MAX_TRIALS in src/usecases/risk/risk.ts (not imported: main loads no use case)
