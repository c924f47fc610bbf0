// Bounds the command line checks before calling a use case (usage errors, exit 2).

/** `synth -n`: the generator's own bound (MAX_BENEFICIARIES in src/usecases/synth/generate.ts). */
export const SYNTH_MAX_BENEFICIARIES = 999_999_999;
